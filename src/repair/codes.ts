// Document-level repair of abbreviations and document codes, after the line decoder.
// An OCR engine without Vietnamese reads Đ as D, and unit codes like "TTCĐS" or "KL-ĐCTLN" are too rare
// for the corpus table. Notices spell out the names behind their codes ("Trung tâm Chuyển đổi số",
// "Đoàn Công tác liên ngành"), so the initials of the document's own phrases, and the corpus table for
// pieces of a code, decide D or Đ. Codes garbled by OCR ("461/S'ITTT-CNTTV;F") are snapped to a clean
// code of the same document when one is close.
import type { Change } from './change.js';
import { levenshtein } from '../text/distance.js';
import { fold, isSyllable } from './text.js';

/** Shortest piece of a code taken as evidence: from the corpus table, and from the document's phrases
 * (three initials match some phrase of a long document by chance: "PVD" and "lắng đọng"). */
const MIN_MATCH = 3;
const MIN_PHRASE = 4;
const MAX_PHRASE = 8;

interface Evidence {
  /** folded initials -> spelled initials (with Đ) -> count */
  doc: Map<string, Map<string, number>>;
  abbrev: ReadonlyMap<string, string>;
}

/**
 * Initials of the document's phrases (runs of words, across line breaks) that spell a piece of a code:
 * folded initials -> spelled initials -> count. `wanted`: every prefix of every piece looked up.
 */
function phraseInitials(lines: string[], wanted: ReadonlySet<string>): Map<string, Map<string, number>> {
  const out = new Map<string, Map<string, number>>();
  const runs: string[][] = [[]];
  for (const line of lines) {
    for (const piece of line.split(/\s+/)) {
      if (!piece) continue;
      const m = piece.match(/^["'“‘(]*(\p{Lu}?\p{Ll}+)([,.;:!?)"'”’]*)$/u);
      // a word in a name or sentence; codes, numbers and ALL-CAPS words end the phrase
      if (m && m[1].length <= 7) {
        runs[runs.length - 1].push(m[1]);
        if (m[2] && /[.;:!?]/.test(m[2])) runs.push([]);
      } else if (runs[runs.length - 1].length) runs.push([]);
    }
  }
  for (const run of runs) {
    for (let i = 0; i + MIN_PHRASE <= run.length; i++) {
      // names behind codes start with a capital and have a second one ("Đoàn Công tác liên ngành");
      // other phrases match codes by chance ("cơ sở đào tạo" and the ASEAN "CSDT", a sentence opening
      // "Đối với công tác thi ..." and "DVCTT")
      if (run[i][0] === run[i][0].toLowerCase()) continue;
      let capitals = 0;
      let spelled = '';
      let key = '';
      for (let n = 1; n <= MAX_PHRASE && i + n <= run.length; n++) {
        const w = run[i + n - 1];
        const c = w[0].toUpperCase();
        if (w[0] === c) capitals++;
        spelled += c;
        key += c === 'Đ' ? 'D' : fold(c);
        if (!wanted.has(key)) break;
        if (n < MIN_PHRASE || !key.includes('D') || capitals < 2) continue;
        let forms = out.get(key);
        if (!forms) out.set(key, (forms = new Map()));
        forms.set(spelled, (forms.get(spelled) ?? 0) + 1);
      }
    }
  }
  return out;
}

/** The run as a sequence of abbreviations of the table (each of two letters or more), fewest pieces first. */
function segment(run: string, abbrev: ReadonlyMap<string, string>): string[] | undefined {
  const n = run.length;
  const best: (string[] | undefined)[] = new Array(n + 1);
  best[0] = [];
  for (let j = 2; j <= n; j++) {
    for (let i = j - 2; i >= 0; i--) {
      const prev = best[i];
      const form = abbrev.get(run.slice(i, j));
      if (!prev || !form || form.length !== j - i) continue;
      if (!best[j] || best[j]!.length > prev.length + 1) best[j] = [...prev, form.toUpperCase()];
    }
  }
  return best[n] && best[n]!.length > 1 ? best[n] : undefined;
}

/** The spelling of one upper-case letter run, or undefined when nothing is known about its D letters. */
function spellRun(run: string, ev: Evidence): string | undefined {
  const letters = [...run];
  // every piece of the run spelled by a phrase of the document or the corpus table votes on its D
  // letters, longer pieces more; Đ needs a clear majority since D is what the engine read
  const forD = new Float64Array(letters.length);
  const forDd = new Float64Array(letters.length);
  const vote = (form: string, i: number, weight: number): void => {
    const f = [...form];
    for (let p = i; p < i + f.length; p++) {
      if (letters[p] !== 'D') continue;
      if (f[p - i] === 'Đ') forDd[p] += weight;
      else forD[p] += weight;
    }
  };
  for (let i = 0; i < letters.length; i++) {
    for (let j = i + MIN_PHRASE; j <= letters.length; j++) {
      const key = letters.slice(i, j).join('');
      if (!key.includes('D')) continue;
      for (const [form, count] of ev.doc.get(key) ?? []) vote(form, i, (j - i - 2) ** 2 * (1 + Math.log2(count)));
    }
  }
  // the corpus table votes only when its abbreviations make up the whole run ("TT" + "CĐS"), since a
  // piece alone matches by chance ("CSDT" is not "C" + "SĐT")
  const seg = segment(run, ev.abbrev);
  if (seg) {
    let i = 0;
    for (const piece of seg) {
      if (piece.length >= MIN_MATCH) vote(piece, i, (piece.length - 2) ** 2);
      i += piece.length;
    }
  }
  const out = letters.map((c, p) => (c === 'D' && forDd[p] > 2 * forD[p] ? 'Đ' : c)).join('');
  return out === run ? undefined : out;
}

const CODE_JUNK = /['’‘`;:,|!"]/;
const CLEAN_CODE = /^\d+[/-][\p{Lu}\d]+(?:[/-][\p{Lu}\d]+)*$/u;

/** A garbled code snapped to the one clean code tail of the document it is close to. */
function snapCode(word: string, tails: string[]): string | undefined {
  const m = word.match(/^(\d+[/-])(.+?)([.,;:)]*)$/u);
  if (!m || !CODE_JUNK.test(m[2]) || !/\p{Lu}{2}/u.test(m[2])) return undefined;
  let best: string | undefined;
  let bestD = Infinity;
  let tie = false;
  for (const t of tails) {
    if (t.length < 4) continue;
    const d = levenshtein(m[2], t);
    if (d < bestD) {
      best = t;
      bestD = d;
      tie = false;
    } else if (d === bestD && t !== best) tie = true;
  }
  if (!best || tie || bestD > Math.ceil(best.length * 0.35)) return undefined;
  return m[1] + best + m[3];
}

/** Upper-case runs (abbreviations) of four letters or more; Vietnamese capitals included. */
const ABBREV_RUN = /(?<![\p{L}\p{M}\d])\p{Lu}{4,}(?![\p{L}\p{M}\d])/gu;

/**
 * An abbreviation misread in one place ("VBQPPI" for "VBQPPL", "CCHOC" for "CCHC") is snapped to the
 * one abbreviation of the same document a single letter away, when that one is sure: in the corpus
 * table, or written more often in the document than the misreading. Runs that are themselves in the
 * table or are syllables stay. Works for every profile: even a Vietnamese model misreads capitals.
 */
export function snapAbbreviations(lines: { text: string; changes: Change[] }[], abbrev: ReadonlyMap<string, string>): void {
  const count = new Map<string, number>();
  for (const l of lines) for (const [run] of l.text.matchAll(ABBREV_RUN)) count.set(run, (count.get(run) ?? 0) + 1);
  if (count.size < 2) return;
  const inTable = (run: string): boolean => abbrev.get(fold(run)) === run;
  const fix = new Map<string, string>();
  for (const [run, n] of count) {
    if (abbrev.has(fold(run)) || isSyllable(run.toLowerCase())) continue;
    let best: string | undefined;
    let ties = 0;
    for (const [t, m] of count) {
      if (t === run || !(inTable(t) || m > n) || Math.abs(t.length - run.length) > 1) continue;
      if (levenshtein(run, t) !== 1) continue;
      if (best === undefined) best = t;
      else ties++;
    }
    if (best !== undefined && ties === 0) fix.set(run, best);
  }
  if (!fix.size) return;
  for (const line of lines) {
    line.text = line.text.replace(ABBREV_RUN, (run, col: number) => {
      const s = fix.get(run);
      if (s) line.changes.push({ from: run, to: s, col });
      return s ?? run;
    });
  }
}

/**
 * Rewrites abbreviation letters and garbled codes in the repaired lines of one document, in place,
 * adding to each line's changes. `abbrev`: folded abbreviation -> corpus spelling.
 */
export function restoreCodes(lines: { text: string; changes: Change[] }[], abbrev: ReadonlyMap<string, string>): void {
  const tails = new Set<string>();
  for (const l of lines) {
    for (const w of l.text.split(/\s+/)) {
      const c = w.replace(/[.,;:)]+$/, '');
      if (CLEAN_CODE.test(c)) tails.add(c.replace(/^\d+[/-]/, ''));
    }
  }
  const tailList = [...tails];
  // garbled codes first: their letters then get the abbreviation pass below
  for (const line of lines) {
    if (!tailList.length || !/\d[/-]\S*['’‘`;:,|!"]/.test(line.text)) continue;
    line.text = line.text.replace(/\S+/g, (w, col: number) => {
      const s = snapCode(w, tailList);
      if (s) line.changes.push({ from: w, to: s, col });
      return s ?? w;
    });
  }
  const RUN = /(?<![\p{L}\p{M}])\p{Lu}{4,}(?![\p{L}\p{M}])/gu;
  const open = (run: string): boolean => run.includes('D') && !abbrev.has(run) && fold(run) === run && !isSyllable(run.toLowerCase());
  const wanted = new Set<string>();
  for (const l of lines) {
    for (const [run] of l.text.matchAll(RUN)) {
      if (!open(run)) continue;
      for (let i = 0; i < run.length; i++) for (let j = i + 1; j <= run.length; j++) wanted.add(run.slice(i, j));
    }
  }
  if (!wanted.size) return;
  const ev: Evidence = { doc: phraseInitials(lines.map((l) => l.text), wanted), abbrev };
  for (const line of lines) {
    line.text = line.text.replace(RUN, (run, col: number) => {
      const s = open(run) ? spellRun(run, ev) : undefined;
      if (s) line.changes.push({ from: run, to: s, col });
      return s ?? run;
    });
  }
}

/** A document number with letters after it: "80/2025/NĐ-CP", "2270/QĐ-TTg" (pieces split at - and /). */
const DOC_CODE = /(?<![\p{L}\p{N}])(\d+[/-](?:\d+[/-])?)([\p{L}'’]+(?:[/-][\p{L}\p{N}'’]+)*)(?![\p{L}\p{N}])/gu;

/**
 * A piece of a document number that OCR garbled with a letter no code holds ("NĐ-CéP", "QĐ-T’Tg") is
 * snapped to an abbreviation one letter away: the one the document's other numbers use, else the only
 * one in the corpus table.
 */
export function snapCodePieces(lines: { text: string; changes: Change[] }[], abbrev: ReadonlyMap<string, string>): void {
  const seen = new Map<string, number>();
  const pieces = (tail: string) => tail.split(/[/-]/).filter((p) => /\p{L}/u.test(p));
  for (const l of lines) for (const m of l.text.matchAll(DOC_CODE)) for (const p of pieces(m[2])) seen.set(p, (seen.get(p) ?? 0) + 1);
  const key = (p: string) => fold(p).toUpperCase().replace(/['’]/g, '');
  // a piece as the document writes it elsewhere, by table key ("TTg" for TTG)
  const written = new Map<string, string>();
  for (const [p] of seen) {
    const form = abbrev.get(key(p));
    if (!form || /['’]/.test(p)) continue;
    if (p === form || /\p{Ll}/u.test(p)) written.set(key(p), p);
    else if (!written.has(key(p))) written.set(key(p), form);
  }
  const fix = new Map<string, string>();
  for (const [p] of seen) {
    const k = key(p);
    // well-formed pieces the table lacks stay ("TTr", "SNNMT", "CAT"): only a letter no code holds marks a misreading
    if (p.length > 6 || !/[^\x00-\x7F]|['’]/u.test(p.replace(/[Đđ]/g, ''))) continue;
    if (abbrev.has(k)) {
      // only a quote in it ("T’Tg")
      if (/['’]/.test(p)) fix.set(p, written.get(k) ?? abbrev.get(k)!);
      continue;
    }
    const near = [...abbrev.keys()].filter((ak) => Math.abs(ak.length - k.length) <= 1 && levenshtein(ak, k) === 1);
    const inDoc = near.filter((ak) => written.has(ak));
    const to = inDoc.length === 1 ? written.get(inDoc[0]) : near.length === 1 ? abbrev.get(near[0]) : undefined;
    if (to) fix.set(p, to);
  }
  if (!fix.size) return;
  for (const line of lines) {
    line.text = line.text.replace(DOC_CODE, (all, num: string, tail: string, col: number) => {
      const fixed = tail.replace(/[\p{L}\p{N}'’]+/gu, (p) => fix.get(p) ?? p);
      if (fixed === tail) return all;
      line.changes.push({ from: all, to: num + fixed, col });
      return num + fixed;
    });
  }
}

/** Digits a noisy scan makes of capitals, and the capitals they stand for. */
const LETTER_OF: Record<string, string> = { '0': 'O', '1': 'I', '2': 'Z', '5': 'S', '6': 'G', '8': 'B' };
/** A document number whose letters may hold such digits: "1172/5TC", "15/2025/TT-8TC". */
const CODE_WITH_DIGITS = /(?<![\p{L}\p{N}])(\d+[/-](?:\d{4}[/-])?)([\p{Lu}\d]+(?:-[\p{Lu}\d]+)*)(?![\p{L}\p{N}])/gu;

/**
 * A capital of a document number read as a digit ("1172/5TC" for "1172/STC"): a piece mixing capitals and
 * digits becomes all capitals when that spelling is an abbreviation of the corpus table or a piece the
 * document's other numbers use. Pieces that stay unknown keep their digits ("BCĐ389").
 */
export function lettersInCodes(lines: { text: string; changes: Change[] }[], abbrev: ReadonlyMap<string, string>): void {
  const known = new Set<string>();
  for (const l of lines) for (const m of l.text.matchAll(CODE_WITH_DIGITS)) for (const p of m[2].split('-')) if (/^\p{Lu}+$/u.test(p)) known.add(p);
  const fixPiece = (p: string): string => {
    if (!/\d/.test(p) || !/\p{Lu}/u.test(p) || [...p].some((c) => /\d/.test(c) && !LETTER_OF[c])) return p;
    const letters = [...p].map((c) => LETTER_OF[c] ?? c).join('');
    return known.has(letters) || abbrev.get(fold(letters).toUpperCase()) === letters ? letters : p;
  };
  for (const line of lines) {
    line.text = line.text.replace(CODE_WITH_DIGITS, (all, num: string, tail: string, col: number) => {
      const fixed = tail.split('-').map(fixPiece).join('-');
      if (fixed === tail) return all;
      line.changes.push({ from: all, to: num + fixed, col });
      return num + fixed;
    });
  }
}

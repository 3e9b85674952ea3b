// Document-level repair of one confusion the line decoder cannot see: a capital I read as a lower-case l
// at the start of a name ("xã la Ko" for "xã Ia Ko"). Both readings are syllables, and the decoder keeps
// the case of what it was given, so a name part printed "la" stays a lower-case word. Here a lower-case
// word starting with l, between a lower-case word and a capitalised one (a name going on), is read with
// a capital I when the corpus LM prefers that reading in its context by a wide margin.
import type { Change } from './change.js';
import type { NgramLM } from './lm.js';
import { normTone } from './text.js';

/** log10 margin the I reading must win by: a name part is rare, so only strong context counts */
const MARGIN = 3;

/** nouns a place name follows ("xã Ia Ko", "huyện Ia Pa"): many Central Highlands names start with Ia */
const LOCALITY = new Set(['xã', 'huyện', 'thôn', 'buôn', 'làng', 'plei', 'bon', 'phường', 'trấn', 'tỉnh', 'sông', 'suối']);

const WORD = /^\p{L}+$/u;
const isCapitalised = (w: string): boolean => WORD.test(w) && w[0] !== w[0].toLowerCase();
const isLower = (w: string): boolean => WORD.test(w) && w === w.toLowerCase();

export function restoreCapitalI(lines: { text: string; changes: Change[] }[], lm: NgramLM): void {
  // the document's words in order (a sentence runs on across line breaks), with where each one is and
  // what the OCR printed there before the decoder changed it ("la" made "là", "Ko" made "Kho")
  const words: { w: string; was: string; line: number; col: number }[] = [];
  lines.forEach((l, line) => {
    const was = new Map(l.changes.map((c) => [c.col, c]));
    const push = (w: string, col: number) => {
      const c = was.get(col);
      words.push({ w, was: c && c.to === w && WORD.test(c.from) ? c.from : w, line, col });
    };
    for (const m of l.text.matchAll(/\S+/g)) {
      // edge punctuation ends a context: kept as a token of its own
      const core = m[0].match(/^([("“]*)(.*?)([.,;:!?)"”]*)$/u)!;
      if (core[1]) push(core[1], m.index!);
      if (core[2]) push(core[2], m.index! + core[1].length);
      if (core[3]) push(core[3], m.index! + core[1].length + core[2].length);
    }
  });
  const id = (w: string): number => lm.id(WORD.test(w) ? normTone(w.toLowerCase()) : w);
  const edits: { line: number; col: number; from: string; to: string }[] = [];
  for (let i = 1; i + 1 < words.length; i++) {
    const w = words[i].was;
    if (w.length < 2 || w[0] !== 'l' || !isLower(w)) continue;
    const next = words[i + 1];
    if (!isLower(words[i - 1].w) || !isCapitalised(next.was)) continue;
    const alt = 'i' + w.slice(1);
    const a = id(alt);
    if (a === lm.unk) continue;
    const p2 = i >= 2 ? id(words[i - 2].w) : lm.bos;
    const p1 = id(words[i - 1].w);
    const n2 = i + 2 < words.length ? id(words[i + 2].w) : lm.eos;
    const score = (x: number, n1: number): number => lm.logp(p2, p1, x) + lm.logp(p1, x, n1) + lm.logp(x, n1, n2);
    // both readings before the next word as printed, when the LM knows it: the decoder may have made "Ko" a
    // "Kho" or a "Họ" to suit "là". After a locality noun a place name is expected, so there the I reading
    // only has to be not much less likely
    const asPrinted = id(next.was) !== lm.unk;
    const n1 = id(asPrinted ? next.was : next.w);
    const margin = LOCALITY.has(words[i - 1].w.toLowerCase()) ? -MARGIN / 2 : MARGIN;
    if (score(a, n1) - score(id(words[i].w), n1) < margin) continue;
    edits.push({ line: words[i].line, col: words[i].col, from: words[i].w, to: 'I' + w.slice(1) });
    // the name goes on as printed ("Grai", not the decoder's "Trai")
    if (next.w !== next.was) edits.push({ line: next.line, col: next.col, from: next.w, to: next.was });
  }
  // right to left within a line, so that earlier columns still hold
  edits.sort((x, y) => x.line - y.line || y.col - x.col);
  for (const e of edits) {
    const l = lines[e.line];
    l.text = l.text.slice(0, e.col) + e.to + l.text.slice(e.col + e.from.length);
    l.changes.push({ from: e.from, to: e.to, col: e.col });
  }
}

/** a letter with a Vietnamese vowel mark or tone: abbreviations have none (Đ aside) */
const MARKED = /[ÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴ]/u;
const HAS_LOWER = /\p{Ll}/u;

/**
 * A lone syllable in capitals inside running text ("các BỘ, ngành", "xã Hòa LỄ") is a capital the engine
 * read for the whole word: noise makes marked lower-case letters look like capitals. Such a word, with a
 * vowel mark (abbreviations have none) and lower-case words on both sides, is given Title case, unless
 * the document prints it so again or prints another syllable in capitals on the line (emphasis).
 */
export function titleCaseStrays(lines: { text: string; changes: Change[] }[], isSyllable: (w: string) => boolean): void {
  // syllables in capitals, and how often: a word printed so more than once is emphasis ("trạng thái VÀNG")
  const capsWord = (w: string): string | null => {
    const core = w.replace(/^[("“]+|[.,;:!?)"”]+$/gu, '');
    return /^\p{Lu}{2,}$/u.test(core) && isSyllable(core.toLowerCase()) ? core : null;
  };
  const seen = new Map<string, number>();
  for (const l of lines) for (const m of l.text.matchAll(/\S+/g)) {
    const c = capsWord(m[0]);
    if (c) seen.set(c, (seen.get(c) ?? 0) + 1);
  }
  for (const l of lines) {
    const words = [...l.text.matchAll(/\S+/g)];
    if (words.filter((m) => HAS_LOWER.test(m[0])).length < 3) continue;
    // a second syllable in capitals on the line: emphasis again ("XANH ... VÀNG")
    const caps = words.flatMap((m, i) => {
      const c = capsWord(m[0]);
      return c ? [{ i, c }] : [];
    });
    if (caps.length !== 1) continue;
    const { i, c } = caps[0];
    if (i === 0 || i + 1 === words.length || !MARKED.test(c) || seen.get(c)! > 1) continue;
    if (!HAS_LOWER.test(words[i - 1][0]) || !HAS_LOWER.test(words[i + 1][0])) continue;
    const col = words[i].index! + words[i][0].indexOf(c);
    const to = c[0] + c.slice(1).toLowerCase();
    l.text = l.text.slice(0, col) + to + l.text.slice(col + c.length);
    l.changes.push({ from: c, to, col });
  }
}

/**
 * A capitalised vowel-initial syllable inside a sentence that the corpus almost never capitalises there
 * ("lợi Ích", "tổ chức Ở trung ương"): noise makes a marked lower-case vowel look like its capital (Ở/ở,
 * Ích/ích differ in size more than shape), and the decoder keeps the case it was given. Lower-cased between
 * a lower-case word or a number on the same line and a lower-case word. Not after a comma or at a line
 * start (notices start clauses with capitals: "Đề án 06, Qua kết quả"), nor before a capital (a name).
 */
export function lowerCaseStrays(lines: { text: string; changes: Change[] }[], lowerInSentence: Set<string>): void {
  const running = /^(\p{Ll}[\p{Ll}\p{M}]*|\d+)$/u;
  for (const l of lines) {
    const words = [...l.text.matchAll(/\S+/g)];
    // right to left, so that earlier columns still hold
    for (let i = words.length - 2; i >= 1; i--) {
      const core = words[i][0].replace(/[.,;:!?)"”]+$/u, '');
      if (!VOWEL_CAPITAL.test(core) || !/^\p{Lu}\p{Ll}*$/u.test(core)) continue;
      const lower = core.toLowerCase();
      if (!lowerInSentence.has(lower) || !running.test(words[i - 1][0]) || !/^\p{Ll}/u.test(words[i + 1][0])) continue;
      const col = words[i].index!;
      l.text = l.text.slice(0, col) + lower + l.text.slice(col + core.length);
      l.changes.push({ from: core, to: lower, col });
    }
  }
}

const VOWEL_CAPITAL = /^[AĂÂEÊIOÔƠUƯYÀÁẢÃẠẰẮẲẴẶẦẤẨẪẬÈÉẺẼẸỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌỒỐỔỖỘỜỚỞỠỢÙÚỦŨỤỪỨỬỮỰỲÝỶỸỴ]/u;

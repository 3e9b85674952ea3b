// Structure: split the document into header, body units (numbered sections, lettered items,
// bullets, paragraphs), footnotes and tail (recipients, signature). Each body unit knows its
// parent, its numbering path ("II.1.a") and the lines it came from.
import type { FootnoteT, SectionT, TextLineT } from '../record.js';
import {
  BODY_OPENERS, DIGIT_LOOKALIKES, HEADER_NOISE, LATIN_SEQUENCE, LETTER_LOOKALIKES, LETTER_SEQUENCE, MOTTO_FOLDED, ROMAN_LOOKALIKES,
  RULE_LINE, TAIL_OPENERS, TAIL_OPENERS_FOLDED,
} from './structure.data.js';
import { type Flow, fold, foldSameLength, isLowerStart, makeFlow } from './text.js';

/** A line that is a name, not a sentence: an addressee written one a line without bullets. */
function isNameLine(t: string): boolean {
  return t.length < 120 && /^\p{Lu}/u.test(t) && !/[:,]$/.test(t) && !/\d{1,2}\/\d/.test(t) && !BODY_OPENERS.test(t) && t.split(/\s+/).length <= 16;
}

/** Where the national motto starts in a line (two header columns read as one line), or -1. */
export function mottoAt(text: string): number {
  const m = MOTTO_FOLDED.exec(foldSameLength(text));
  return m ? m.index : -1;
}

/** The line without the national motto and what follows it: "ỦY BAN NHÂN DÂN CỘNG HÒA ..." -> "ỦY BAN NHÂN DÂN". */
export function beforeMotto(text: string): string {
  const at = mottoAt(text);
  return (at < 0 ? text : text.slice(0, at)).replace(/[\s\-–—_]+$/, '').trim();
}

/** The motto, its rule lines, or a line that is only one of them: never a title, an agency or a task. */
export function isHeaderNoise(text: string): boolean {
  const t = text.trim();
  return HEADER_NOISE.some((r) => r.test(t)) || RULE_LINE.test(t) || mottoAt(t) === 0;
}

export type UnitKind = 'roman' | 'num' | 'sub' | 'article' | 'letter' | 'dash' | 'plus' | 'para';

export interface Unit {
  index: number;
  kind: UnitKind;
  /** the printed label: "II", "1", "a", "Điều 2"; null for bullets and paragraphs */
  label: string | null;
  level: number;
  line: number;
  page: number;
  lastLine: number;
  /** the text without its marker, lines joined */
  text: string;
  flow: Flow;
  parent: number;
  /** numbering path of the unit (headings) or of its enclosing heading (bullets, paragraphs) */
  path: string | null;
  children: number[];
}

export interface Structure {
  lines: TextLineT[];
  /** line numbers of the header block (kind, title, number ...) */
  headerEnd: number;
  /** first line of the tail (recipients, signature), or null */
  tailStart: number | null;
  units: Unit[];
  footnotes: FootnoteT[];
  sections: SectionT[];
  /** lines that are footnotes or page furniture, by line number */
  skipped: Set<number>;
  /** the lines of each footnote, in the order of footnotes */
  footnoteLines: TextLineT[][];
  /** "Kính gửi:" addressee lines (without the "Kính gửi:" words) */
  addresseeLines: TextLineT[];
}

const MARKERS: Array<{ kind: UnitKind; level: number; re: RegExp }> = [
  { kind: 'article', level: 1.5, re: /^(Điều\s+\d+[a-z]?)\s*[.:]\s*/u },
  { kind: 'roman', level: 1, re: /^((?:X{0,3})(?:IX|IV|V?I{1,3}|V|X))\s*[.)]\s+(?=\S)/u },
  { kind: 'sub', level: 3, re: /^(\d{1,2}(?:\.\d{1,2})+)\.?\s+(?=\p{L})/u },
  { kind: 'num', level: 2, re: /^(\d{1,2})\s*[.)]\s*(?=\p{L}|["“(])/u },
  { kind: 'letter', level: 4, re: /^([a-zđ])\s*\)\s*(?=\S)/u },
  { kind: 'dash', level: 5, re: /^[-–—•*]\s*(?=\S)/u },
  { kind: 'plus', level: 6, re: /^\+\s*(?=\S)/u },
];

const URL_LINE = /^(?:https?:\/?\/?\S+|www\.\S+)$/i;

/** Page furniture and OCR noise: URLs alone, lines with few letters. */
export function isJunk(text: string): boolean {
  const t = text.trim();
  if (!t) return false;
  if (URL_LINE.test(t)) return true;
  if (/^(?:Trang\s+)?\d{1,3}(?:\/\d{1,3})?$/.test(t)) return true; // page numbers
  const letters = (t.match(/\p{L}/gu) ?? []).length;
  const alnum = (t.match(/[\p{L}\p{N}]/gu) ?? []).length;
  return letters < 2 || alnum < 3 || (t.length > 4 && alnum / t.replace(/\s/g, '').length < 0.6);
}

export function markerOf(text: string): { kind: UnitKind; level: number; label: string | null; rest: string } | null {
  for (const m of MARKERS) {
    const x = m.re.exec(text);
    if (!x) continue;
    if (m.kind === 'num' && /^\d{1,2}\s*[.)]\s*\d/.test(text)) continue;
    const label = m.kind === 'dash' || m.kind === 'plus' ? null : x[1];
    return { kind: m.kind, level: m.level, label, rest: text.slice(x[0].length) };
  }
  return null;
}

export type Marker = NonNullable<ReturnType<typeof markerOf>>;

/** The opening of a document's closing paragraph: "Trên đây là ...", "Căn cứ Chỉ thị này, ...", or the
 *  sentence that hands a notice to its readers ("Ủy ban nhân dân xã thông báo để nhân dân biết và thực hiện./."). */
const CLOSING_OPEN =
  /^(?:Trên\s+đây\s+là|Căn\s+cứ\s+(?:Chỉ\s+thị|Kế\s+hoạch|Quyết\s+định|Công\s+văn|Thông\s+báo)\s+này|\p{Lu}[^.;:]{0,100}?\sthông\s+báo\s+(?:để|cho)\s[^.;:]{0,160}?(?<![\p{L}])biết(?![\p{L}]))(?![\p{L}])/u;

/** Where the numbering stands: the last Roman heading, number and item letter seen. */
export interface NumberingState {
  roman: number;
  num: number;
  letter: string | null;
}

const ROMANS = ['I', 'II', 'III', 'IV', 'V', 'VI', 'VII', 'VIII', 'IX', 'X', 'XI', 'XII', 'XIII', 'XIV', 'XV', 'XVI', 'XVII', 'XVIII', 'XIX', 'XX'];
const LEVEL: Record<string, number> = Object.fromEntries(MARKERS.map((m) => [m.kind, m.level]));

/** The letters that may come after `letter` ("d" -> "đ" or "e"); "a" opens a list. */
export function nextLetters(letter: string | null): string[] {
  if (!letter) return ['a'];
  const out = new Set<string>();
  for (const seq of [LETTER_SEQUENCE, LATIN_SEQUENCE]) {
    const i = seq.indexOf(letter);
    if (i >= 0 && i + 1 < seq.length) out.add(seq[i + 1]);
  }
  return [...out];
}

/** Roman numeral read through its OCR lookalikes ("IL" -> 2, "I11" -> 3); 0 when it is not one. */
export function romanOf(token: string): number {
  let r = '';
  for (const c of token) {
    const x = ROMAN_LOOKALIKES[c];
    if (!x) return 0;
    r += x;
  }
  return ROMANS.indexOf(r) + 1;
}

/** The expected letter that a noisy item token stands for ("¢" -> c after b, "bá" -> b after a). */
export function letterOf(token: string, expected: string[]): string | null {
  const low = token.toLowerCase();
  const f = fold(low);
  for (const e of expected) {
    if (low === e) return e;
    const alike = LETTER_LOOKALIKES[e] ?? [];
    if (alike.includes(low) || alike.includes(token)) return e;
    if (token.length === 1 && f === fold(e) && e !== 'đ' && e !== 'd') return e; // "é" -> e
    // one letter with a stray mark or letter after it ("bá", "cé")
    if (token.length === 2 && /\p{L}/u.test(token[1]) && (low[0] === e || alike.includes(low[0]) || fold(low[0]) === e)) return e;
  }
  return null;
}

/** Number read through digit lookalikes ("l" -> 1, "1O" -> 10); NaN when it is not one. */
function numberOf(token: string): number {
  if (token.length > 2) return NaN;
  let d = '';
  for (const c of token) d += /\d/.test(c) ? c : DIGIT_LOOKALIKES[c] ?? 'x';
  return /^\d+$/.test(d) ? +d : NaN;
}

// the marker's punctuation as OCR reads it: "1:" and "1 ." for "1.", "a}" / "a]" for "a)"
const NOISY_HEAD = /^([^\s.):}\]]{1,4})\s*([.):}\]])\s*(?=\S)/u;

/** The rest of a heading in capitals ("MỤC ĐÍCH, YÊU CẦU"): a Roman heading rather than an item. */
const capsRest = (rest: string) => {
  const w = rest.split(/\s+/).slice(0, 3).join(' ');
  return /\p{L}{2}/u.test(w) && w === w.toUpperCase();
};

/**
 * A marker read in the context of the sequence: the expected next marker where the line starts
 * with a near-miss of it ("IL." after "I.", "¢)" after "b)"), from the repaired text or, failing
 * that, the raw OCR text of the line. Null when neither line starts with one.
 */
export function markerInSequence(text: string, state: NumberingState, raw?: string, nearMissOk = true): Marker | null {
  const strict = markerOf(text);
  // "I." where the Roman heading I has been: the item 1 of the list under it
  if (strict?.kind === 'roman' && strict.label === 'I' && !expectsRoman(1, state) && state.num === 0 && !capsRest(strict.rest)) {
    return { ...strict, kind: 'num', level: LEVEL.num, label: '1' };
  }
  if (strict) {
    if (strict.kind === 'letter' && strict.label) {
      const exp = nextLetters(state.letter);
      if (!exp.includes(strict.label)) {
        const l = letterOf(strict.label, exp);
        if (l) return { ...strict, label: l };
      }
    }
    return strict;
  }
  if (!nearMissOk) return null;
  const fromText = nearMiss(text, state);
  if (fromText) return fromText;
  if (raw === undefined) return null;
  const r = raw.replace(/\s+/g, ' ').trim();
  const rs = markerOf(r);
  let found: Marker | null = null;
  if (rs && (rs.kind === 'roman' || rs.kind === 'num' || rs.kind === 'letter')) {
    const expected =
      (rs.kind === 'roman' && expectsRoman(romanOf(rs.label!), state)) ||
      (rs.kind === 'num' && +rs.label! === state.num + 1) ||
      (rs.kind === 'letter' && nextLetters(state.letter).includes(rs.label!));
    if (expected) found = rs;
  }
  found ??= nearMiss(r, state);
  if (!found) return null;
  // the marker's token in the repaired line, if it kept the shape "xx." / "xx)"
  const head = NOISY_HEAD.exec(text);
  return { ...found, rest: head ? text.slice(head[0].length) : text };
}

function expectsRoman(v: number, state: NumberingState): boolean {
  // one heading may be lost to OCR, so the one after the next is accepted too
  return v > state.roman && v <= state.roman + 2;
}

function nearMiss(text: string, state: NumberingState): Marker | null {
  const m = NOISY_HEAD.exec(text);
  if (!m) return null;
  const [whole, token, punct] = m;
  const rest = text.slice(whole.length);
  if (!/^[\p{Lu}"“(]/u.test(rest) || !/\s/.test(whole.slice(token.length + 1) || ' ')) return null;
  const roman = romanOf(token);
  const n = numberOf(token);
  // "l." opening a list in sentence case is "1."; in capitals, the Roman heading "I."
  const asNumber = n === state.num + 1 && punct !== ')' && (roman !== 1 || /^[a-z|!]$/.test(token)) && !capsRest(rest);
  if (roman && expectsRoman(roman, state) && punct !== ':' && !asNumber) return { kind: 'roman', level: LEVEL.roman, label: ROMANS[roman - 1], rest };
  if (punct !== '.' && punct !== ':' && token.length <= 2) {
    const l = letterOf(token, nextLetters(state.letter));
    if (l) return { kind: 'letter', level: LEVEL.letter, label: l, rest };
  }
  if (n === state.num + 1 && punct !== '}' && punct !== ']') return { kind: 'num', level: LEVEL.num, label: String(n), rest };
  return null;
}

/** The numbering state after a unit of this kind and label. */
export function advance(state: NumberingState, mk: Marker): NumberingState {
  switch (mk.kind) {
    case 'roman':
      return { roman: romanOf(mk.label!) || state.roman, num: 0, letter: null };
    case 'num':
      return { ...state, num: +mk.label! || state.num, letter: null };
    case 'sub':
    case 'article':
      return { ...state, num: mk.kind === 'article' ? 0 : state.num, letter: null };
    case 'letter':
      return { ...state, letter: mk.label };
    default:
      return state;
  }
}

const FOOTNOTE_START = /^([0-9]{1,2}|[!¹²³⁴⁵⁶⁷⁸⁹])\s+(?=[\p{Lu}\-–])/u;

function median(xs: number[]): number {
  if (!xs.length) return 0;
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1];
}

/** End of the header: the title block after the kind line, or the first block when it is a title. */
function findHeaderEnd(texts: string[]): number {
  const n = Math.min(texts.length, 40);
  let i = 0;
  let sawHeader = false;
  // skip motto, agency names in capitals, "Số:", place-date, "V/v" lines
  for (; i < n; i++) {
    const t = texts[i].trim();
    if (!t) continue;
    if (BODY_OPENERS.test(t)) return i;
    const isCaps = t === t.toUpperCase() && /\p{L}/u.test(t);
    if (isHeaderNoise(t) || isCaps || /^Số\s*:/i.test(t) || /,\s*ngày\s+\d/.test(t) || /^V\/v\b/i.test(t)) {
      sawHeader = true;
      continue;
    }
    if (sawHeader && /^V\/v\b/i.test(texts[i - 1]?.trim() ?? '')) continue;
    break;
  }
  // i is the first line of the title block (or the body when the header had no title)
  if (i >= n) return 0;
  let j = i;
  let lastNonBlank = i;
  for (; j < texts.length; j++) {
    const t = texts[j].trim();
    if (!t) continue;
    if (j > i && BODY_OPENERS.test(t)) break;
    if (j > lastNonBlank + 1 && !isLowerStart(t)) break; // blank line then a new sentence
    if (j > i && t === t.toUpperCase() && /\p{L}{3}/u.test(t) && !/^\p{Lu}+$/u.test(t.split(' ')[0] ?? '')) break;
    lastNonBlank = j;
    if (j - i > 6) break;
  }
  return lastNonBlank + 1;
}

/** Folds diacritics and đ, keeps case. */
function foldCase(s: string): string {
  return s.normalize('NFD').replace(/\p{M}+/gu, '').replace(/đ/g, 'd').replace(/Đ/g, 'D');
}

/** A line that opens the tail (recipients, signature), read on the repaired and the raw text. */
export function isTailOpener(text: string, raw?: string): boolean {
  if (TAIL_OPENERS.test(text) || TAIL_OPENERS_FOLDED.test(foldCase(text))) return true;
  return raw !== undefined && TAIL_OPENERS_FOLDED.test(foldCase(raw.trim()));
}

/**
 * `rawLines`: the OCR text before repair, one per line (same count); its markers and digits are
 * read where the repaired line no longer starts with the marker the sequence expects.
 */
export function parseStructure(inputLines: TextLineT[], rawLines?: TextLineT[]): Structure {
  const lines = unflatten(inputLines);
  if (lines.length !== inputLines.length) rawLines = undefined;
  // two header columns read as one line: the left column only ("TỈNH QUẢNG NGÃI Độc lập - Tự do - Hạnh phúc")
  const texts = lines.map((l) => {
    const t = l.text.replace(/\s+/g, ' ').trim();
    return mottoAt(t) > 0 ? beforeMotto(t) : t;
  });
  const raws = rawLines && rawLines.length === lines.length ? rawLines.map((l) => l.text) : null;
  const skipped = new Set<number>();
  const nonBlankLens = texts.filter((t) => t.length > 20).map((t) => t.length);
  const bodyWidth = median(nonBlankLens);

  // tail: from "Nơi nhận" / "TM." / "- Như trên" in the last part of the document
  let tailIdx: number | null = null;
  for (let i = Math.floor(texts.length * 0.4); i < texts.length; i++) {
    if (isTailOpener(texts[i], raws?.[i])) {
      tailIdx = i;
      break;
    }
  }
  // "Nơi nhận:" garbled by OCR (bold italic beside the seal): the distribution list is still a run of
  // "- ...;" lines that ends with "- Lưu: VT"
  for (let i = Math.floor(texts.length * 0.4); i < (tailIdx ?? texts.length) + 40 && i < texts.length; i++) {
    if (!/^[-–—•*+]?\s*Lưu\s*:?\s*(?:VT|Văn\s+thư)/iu.test(texts[i])) continue;
    let k = i;
    // up over the list's "- ..." lines (not over the body's last item, which ends "./.")
    while (k - 1 >= 0 && /^[-–—•*+]\s*\S/u.test(texts[k - 1]) && texts[k - 1].length < 120 && !/\.\s*\/\s*\./.test(texts[k - 1])) k--;
    if (i - k >= 2 && (tailIdx === null || k < tailIdx)) tailIdx = k;
    break;
  }
  const headerEndIdx = findHeaderEnd(texts);
  const bodyEndIdx = tailIdx ?? texts.length;

  // footnotes: a small number then a capital, after a blank line, on wide lines at page bottoms
  const footnotes: FootnoteT[] = [];
  const footnoteLines: TextLineT[][] = [];
  const addresseeLines: TextLineT[] = [];
  for (let i = headerEndIdx; i < bodyEndIdx; i++) {
    const t = texts[i];
    const prevBlank = i === 0 || !texts[i - 1] || isJunk(texts[i - 1]) || skipped.has(lines[i - 1].line);
    const fm = FOOTNOTE_START.exec(t);
    if (!fm || !prevBlank || markerOf(t)?.kind === 'num') continue;
    const mark = fm[1] === '!' ? '1' : fm[1].normalize('NFKC');
    let text = t.slice(fm[0].length);
    const fl: TextLineT[] = [{ ...lines[i], text }];
    skipped.add(lines[i].line);
    let j = i;
    while (
      j + 1 < bodyEndIdx &&
      texts[j + 1] &&
      texts[j].length > bodyWidth * 1.12 &&
      !FOOTNOTE_START.test(texts[j + 1])
    ) {
      j++;
      text += ' ' + texts[j];
      fl.push(lines[j]);
      skipped.add(lines[j].line);
    }
    footnotes.push({ page: lines[i].page, line: lines[i].line, mark, text: text.trim() });
    footnoteLines.push(fl);
    i = j;
  }

  // body units
  const units: Unit[] = [];
  const stack: number[] = [];
  let cur: { parts: TextLineT[]; first: string; kind: UnitKind; level: number; label: string | null; line: TextLineT } | null = null;
  let blankSince = false;
  // a short heading line without punctuation ("1. Công an tỉnh"): each paragraph under it is its own unit
  let nameHeading = false;
  let numbering: NumberingState = { roman: 0, num: 0, letter: null };
  const flush = () => {
    if (!cur) return;
    const parts = [{ ...cur.line, text: cur.first }, ...cur.parts];
    const flow = makeFlow(parts.map((p) => ({ line: p.line, page: p.page, text: p.text })));
    const u: Unit = {
      index: units.length,
      kind: cur.kind,
      label: cur.label,
      level: cur.level,
      line: cur.line.line,
      page: cur.line.page,
      lastLine: parts[parts.length - 1].line,
      text: flow.text,
      flow,
      parent: -1,
      path: null,
      children: [],
    };
    // the document's closing stands under no heading ("Trên đây là Chỉ thị ...")
    if (u.kind === 'para' && CLOSING_OPEN.test(u.text)) stack.length = 0;
    // parent: nearest open heading of a higher level
    while (stack.length && units[stack[stack.length - 1]].level >= u.level) stack.pop();
    u.parent = stack.length ? stack[stack.length - 1] : -1;
    if (u.parent >= 0) units[u.parent].children.push(u.index);
    const parentPath = u.parent >= 0 ? units[u.parent].path : null;
    // "1.2." under "1." repeats its parent's number: "II.1.2", not "II.1.1.2"
    const parent = u.parent >= 0 ? units[u.parent] : null;
    const repeats = u.kind === 'sub' && parent?.label && u.label?.startsWith(`${parent.label}.`);
    const basePath = repeats ? (parent!.parent >= 0 ? units[parent!.parent].path : null) : parentPath;
    if (u.label) u.path = basePath ? `${basePath}.${u.label}` : u.label;
    else u.path = parentPath;
    if (u.kind !== 'para') stack.push(u.index);
    units.push(u);
    cur = null;
  };
  for (let i = headerEndIdx; i < bodyEndIdx; i++) {
    const l = lines[i];
    const t = texts[i];
    if (skipped.has(l.line)) continue;
    const kg = /^Kính\s+gửi\s*:?\s*/iu.exec(t);
    if (kg) {
      // the addressees of a letter: the rest of the line and the lines below it, bulleted ("- Sở X;")
      // or not (one name a line), up to the first sentence of the body
      flush();
      const push = (line: TextLineT, text: string) => {
        for (const part of text.split(/;\s*[-–+•]\s*/u)) {
          const p = part.replace(/^[-–+•]\s*/, '').trim();
          if (p) addresseeLines.push({ ...line, text: p });
        }
      };
      const first = t.slice(kg[0].length).trim();
      if (first) push(l, first);
      // "A; - B; - C." on one line (web text) is a bulleted list too
      const bulleted = (x: string) => /^[-–+•]/.test(x) || /;\s*[-–+•]\s*\p{Lu}/u.test(x);
      let closed = false;
      let j = i + 1;
      for (; j < bodyEndIdx; j++) {
        const tj = texts[j];
        if (!tj || isHeaderNoise(tj)) { if (addresseeLines.length && !tj) break; continue; }
        const prevOpen = addresseeLines.length > 0 && !/[;.]$/.test(texts[j - 1] ?? '');
        if (bulleted(tj)) push(lines[j], tj);
        else if (closed) break;
        else if (/^Địa\s+chỉ\s*:/iu.test(tj)) {
          // "Địa chỉ: ..." under a person, and its short run-on line
          if (j + 1 < bodyEndIdx && texts[j + 1] && texts[j + 1].length < 40 && !/[.:]$/.test(texts[j + 1])) { skipped.add(lines[j].line); j++; }
          closed = true;
        } else if (/^\(/.test(tj) || (prevOpen && isLowerStart(tj))) {
          // "(Địa chỉ: ...)" under a person, or a name that runs on to the next line
          if (!/^\(/.test(tj) && addresseeLines.length) addresseeLines[addresseeLines.length - 1].text += ` ${tj}`;
          else if (/^\(/.test(tj)) {
            // an address in brackets closes a person's entry: the body follows
            for (let k = j; k < bodyEndIdx && !/\)\s*[;.,]?$/.test(texts[k]); k++) { skipped.add(lines[k].line); j = k + 1; }
            closed = true;
          }
        } else if (addresseeLines.length && (!first || bulleted(texts[j - 1] ?? '-') || !isNameLine(tj))) break;
        else if (!addresseeLines.length && !bulleted(tj) && !isNameLine(tj)) break;
        else push(lines[j], tj);
        skipped.add(lines[j].line);
      }
      i = j - 1;
      blankSince = true;
      continue;
    }
    if (!t || isJunk(t) || isHeaderNoise(t)) {
      blankSince = true;
      continue;
    }
    // a near-miss marker only opens a unit after a break: a blank line or an ended sentence
    const prev = i > headerEndIdx ? texts[i - 1] : '';
    // (a heading line of its own, "II. Nhiệm vụ", is a break too)
    const afterBreak = blankSince || !prev || /[.:;!?]$/.test(prev) || (!!cur && cur.line.line === lines[i - 1]?.line && ['roman', 'article', 'num', 'sub'].includes(cur.kind) && prev.split(' ').length <= 8);
    const mk = markerInSequence(t, numbering, raws?.[i], afterBreak);
    if (mk) {
      numbering = advance(numbering, mk);
      flush();
      cur = { parts: [], first: mk.rest, kind: mk.kind, level: mk.level, label: mk.label, line: l };
      const nextT = texts[i + 1] ?? '';
      nameHeading = mk.kind !== 'roman' && /^\p{Lu}/u.test(mk.rest) && !/[.:;,]$/.test(mk.rest) &&
        // (up to 16 words when the line is far shorter than the paragraph after it, not a wrapped line of a scan)
        (mk.rest.split(' ').length <= 10 || (mk.rest.split(' ').length <= 16 && mk.rest.length * 2 < nextT.length)) &&
        /^\p{Lu}/u.test(nextT) && nextT.length > 80 && !markerOf(nextT);
    } else if (
      cur &&
      (!blankSince || isLowerStart(t.replace(/^[^\p{L}]+/u, '')) && /^[\p{L}(“"]/u.test(t)) &&
      // a piece cut from a flattened line stands on its own
      !(i > 0 && lines[i - 1].line === l.line) &&
      // under a name heading, a line that opens a sentence after an ended one (or after the heading) opens a paragraph
      !(nameHeading && /^\p{Lu}/u.test(t) && (cur.line.line === lines[i - 1]?.line && cur.parts.length === 0 || /[.;:]$/.test(prev))) &&
      // the document's closing opens a paragraph of its own ("Trên đây là Chỉ thị ...", "Căn cứ Chỉ thị này, ...")
      !(/[.;:]$/.test(prev) && CLOSING_OPEN.test(t)) &&
      // a preamble's "Căn cứ ...;" lines end where a sentence of the body begins
      !(cur.kind === 'para' && /^(?:Căn\s+cứ|Thực\s+hiện|Theo)\s/u.test(cur.first) && /[;.]$/.test(prev) && /^\p{Lu}/u.test(t) && !/^(?:Căn\s+cứ|Thực\s+hiện|Theo)\s/u.test(t))
    ) {
      cur.parts.push({ ...l, text: t });
    } else {
      flush();
      cur = { parts: [], first: t, kind: 'para', level: 5, label: null, line: l };
    }
    blankSince = false;
  }
  flush();

  const sections: SectionT[] = units
    .filter((u) => u.label)
    .map((u) => ({ page: u.page, line: u.line, path: u.path ?? u.label!, heading: u.text.length > 200 ? u.text.slice(0, 200) + '…' : u.text }));

  return {
    lines,
    headerEnd: headerEndIdx < lines.length ? lines[headerEndIdx]?.line ?? 1 : lines.length + 1,
    tailStart: tailIdx === null ? null : lines[tailIdx].line,
    units,
    footnotes,
    sections,
    skipped,
    footnoteLines,
    addresseeLines,
  };
}

/** A body flattened to one line (web text): longer than any printed line. */
const FLAT_LINE = 400;
const INLINE_MARKER = /\s+(?=(?:\d{1,2}\.|[a-zđ]\)|[-–•]|Nơi\s+nhận\s*:|Kính\s+gửi\s*:)\s*\p{Lu})/gu;
/** a whole body on one line has its numbered items in it; its closing request is cut off too */
const INLINE_ITEMS = /\s\d{1,2}\.\s+\p{Lu}[\s\S]*\s\d{1,2}\.\s+\p{Lu}/u;
const CLOSING_REQUEST = /(?<=\.)\s+(?=(?:Đề\s+nghị|Yêu\s+cầu)\s)/gu;

/**
 * Lines of a body flattened into one (web text: "... như sau: 1. Giao ... - Tiếp tục ... 2. Giao ..."):
 * cut before each inline list marker, the pieces keeping the line's number.
 */
export function unflatten(lines: TextLineT[]): TextLineT[] {
  if (!lines.some((l) => l.text.length > FLAT_LINE)) return lines;
  const out: TextLineT[] = [];
  for (const l of lines) {
    if (l.text.length <= FLAT_LINE || l.words?.length) {
      out.push(l);
      continue;
    }
    const flat = INLINE_ITEMS.test(l.text);
    for (const piece of l.text.split(INLINE_MARKER)) {
      for (const p of flat ? piece.split(CLOSING_REQUEST) : [piece]) if (p.trim()) out.push({ page: l.page, line: l.line, text: p.trim() });
    }
  }
  return out;
}

/** Text of the ancestors' headings, nearest first. */
export function ancestors(units: Unit[], u: Unit): Unit[] {
  const out: Unit[] = [];
  let p = u.parent;
  while (p >= 0) {
    out.push(units[p]);
    p = units[p].parent;
  }
  return out;
}

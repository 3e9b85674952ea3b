// Query-side text helpers for the store: FTS5 queries from the user's words, highlights, agency matching.
// Runtime-agnostic (no SQL here), so SQLite and D1 share them.
import { fold } from '../text/fold.js';

const WORD = /[\p{L}\p{N}]+/gu;

/** Words of a text, NFC, in order. */
export function words(s: string): string[] {
  return s.normalize('NFC').match(WORD) ?? [];
}

const quote = (w: string) => `"${w}"`;

/**
 * The user's words as an FTS5 query over the folded text: each word quoted, so that quotes, `*`, `-`,
 * parentheses, NEAR, AND/OR/NOT and `column:` filters in the input stay plain words.
 */
export function foldedQuery(query: string, match: 'all' | 'any' = 'all'): string {
  return words(fold(query)).map(quote).join(match === 'all' ? ' ' : ' OR ');
}

/** The same words with their marks, for the exact-diacritic tables; '' when the query has no marks. */
export function exactQuery(query: string, match: 'all' | 'any' = 'all'): string {
  if (!hasMarks(query)) return '';
  return words(query.toLowerCase()).map(quote).join(match === 'all' ? ' ' : ' OR ');
}

/** true when the query carries Vietnamese marks or đ (then exact-diacritic hits rank first). */
export function hasMarks(s: string): boolean {
  const lower = s.normalize('NFC').toLowerCase();
  return fold(lower) !== lower;
}

const ESC: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (ch) => ESC[ch]);

export interface Highlighted {
  /** [start, end) offsets (UTF-16) in the text of each matched word */
  highlights: [number, number][];
  /** HTML-escaped window of the text around the first match, matches wrapped in <mark> */
  snippet: string;
}

/** Marks the words of `text` whose folded form is one of the query's folded words. */
export function highlight(text: string, query: string, width = 160): Highlighted {
  const wanted = new Set(words(fold(query)));
  const highlights: [number, number][] = [];
  for (const m of text.matchAll(WORD)) {
    if (wanted.has(fold(m[0]))) highlights.push([m.index!, m.index! + m[0].length]);
  }
  let start = 0;
  let end = text.length;
  if (text.length > width) {
    const first = highlights[0]?.[0] ?? 0;
    start = Math.max(0, first - Math.floor(width / 4));
    end = Math.min(text.length, start + width);
    start = Math.max(0, Math.min(start, end - width));
    // do not cut a word in two
    while (start > 0 && /[\p{L}\p{N}]/u.test(text[start - 1])) start--;
    while (end < text.length && /[\p{L}\p{N}]/u.test(text[end])) end++;
  }
  let out = start > 0 ? '…' : '';
  let pos = start;
  for (const [a, b] of highlights) {
    if (b <= start || a >= end) continue;
    out += escapeHtml(text.slice(pos, a)) + '<mark>' + escapeHtml(text.slice(a, b)) + '</mark>';
    pos = b;
  }
  out += escapeHtml(text.slice(pos, end)) + (end < text.length ? '…' : '');
  return { highlights, snippet: out };
}

// ---- agency matching ----------------------------------------------------------------------------

export interface AgencyName {
  id: string;
  name: string;
  /** folded aliases */
  aliases: string[];
}

/** Words that an abbreviation may leave out ("KH&CN" for "Khoa học và Công nghệ"). */
const OPTIONAL = new Set(['va']);

/** Folded words of an agency name or query; '&' and ',' inside a word join its parts ("kh&cn" -> "khcn"). */
function agencyWords(s: string): string[] {
  return fold(s)
    .split(/\s+/)
    .map((w) => w.replace(/[&,.'’/]/g, ''))
    .flatMap((w) => w.split(/[^\p{L}\p{N}]+/u))
    .filter(Boolean);
}

/** One insertion, deletion, substitution or swap of neighbours ("khao" for "khoa") apart, or equal. */
function editDistanceAtMostOne(a: string, b: string): boolean {
  if (a === b) return true;
  if (Math.abs(a.length - b.length) > 1) return false;
  if (a.length === b.length) {
    const diff = [...a].flatMap((ch, i) => (ch === b[i] ? [] : [i]));
    if (diff.length === 2 && diff[1] === diff[0] + 1 && a[diff[0]] === b[diff[1]] && a[diff[1]] === b[diff[0]]) return true;
  }
  let i = 0;
  let j = 0;
  let edits = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      i++;
      j++;
      continue;
    }
    if (++edits > 1) return false;
    if (a.length > b.length) i++;
    else if (b.length > a.length) j++;
    else {
      i++;
      j++;
    }
  }
  return edits + (a.length - i) + (b.length - j) <= 1;
}

/** Name words covered when query word `q` matches one name word (exactly, by prefix or with one typo). */
function wordMatch(q: string, name: string[]): number[] {
  const exact = name.indexOf(q);
  if (exact >= 0) return [exact];
  if (q.length >= 3) {
    const prefix = name.findIndex((w) => w.startsWith(q));
    if (prefix >= 0) return [prefix];
  }
  if (q.length >= 4) {
    const typo = name.findIndex((w) => w.length >= 4 && editDistanceAtMostOne(q, w));
    if (typo >= 0) return [typo];
  }
  return [];
}

/** Name words covered when `q` spells the initials of a run of at least two consecutive name words. */
function initialsMatch(q: string, name: string[]): number[] {
  if (q.length < 2) return [];
  const walk = (pos: number, i: number, used: number[]): number[] | null => {
    if (pos === q.length) return used.length >= 2 ? used : null;
    if (i >= name.length) return null;
    if (name[i][0] === q[pos]) {
      const r = walk(pos + 1, i + 1, [...used, i]);
      if (r) return r;
    }
    if (used.length && OPTIONAL.has(name[i])) return walk(pos, i + 1, [...used, i]);
    return null;
  };
  for (let start = 0; start < name.length; start++) {
    const r = walk(0, start, []);
    if (r) return r;
  }
  return [];
}

/** Fraction of the name's words that the query covers, or 0 when some query word matches nothing. */
export function agencyCoverage(query: string, name: string): number {
  const q = agencyWords(query);
  const n = agencyWords(name);
  if (!q.length || !n.length) return 0;
  const covered = new Set<number>();
  for (const w of q) {
    let hit = wordMatch(w, n);
    if (!hit.length) hit = initialsMatch(w, n);
    if (!hit.length) return 0;
    hit.forEach((i) => covered.add(i));
  }
  n.forEach((w, i) => {
    if (OPTIONAL.has(w)) covered.add(i);
  });
  return covered.size / n.length;
}

const compact = (s: string) => agencyWords(s).join('');

/**
 * The agencies a user's words name: an id, a name or alias (diacritics and case optional), initials
 * ("SKHCN", "Sở KH&CN", "UBND tỉnh") or a part of the name ("so khoa hoc"). Whole matches win over
 * partial ones; an unknown agency resolves to none.
 */
export function resolveAgencies(query: string, agencies: AgencyName[]): string[] {
  const q = query.trim();
  if (!q) return [];
  const byId = agencies.find((a) => a.id === q);
  if (byId) return [byId.id];
  const key = compact(q);
  if (!key) return [];
  const named = agencies.filter((a) => compact(a.name) === key || a.aliases.some((al) => compact(al) === key));
  if (named.length) return named.map((a) => a.id);
  const scored = agencies
    .map((a) => ({ id: a.id, cover: Math.max(agencyCoverage(q, a.name), ...a.aliases.map((al) => agencyCoverage(q, al))) }))
    .filter((s) => s.cover > 0);
  const whole = scored.filter((s) => s.cover === 1);
  return (whole.length ? whole : scored).map((s) => s.id);
}

// Agencies: find Vietnamese administrative bodies in text and resolve each to a canonical name.
// Knowledge lives in models/agencies/*.json (the gazetteer and the forms of names); this file is
// the matcher: gazetteer lookup (token trie, longest match), patterns for names the gazetteer
// lacks (local bodies with a place name, head word + name, "các ... liên quan"), and fuzzy
// snapping of pattern names to the gazetteer with natural's Jaro-Winkler similarity.
// natural's Jaro-Winkler file alone: the package index takes ~1.5 s to load and prints to stdout
// (dotenv), and the Worker aliases `natural` (and so any `natural/...` path) to a shim.
// @ts-expect-error: the file has no type declarations of its own
import jaroWinkler from '../../node_modules/natural/lib/natural/distance/jaro-winkler_distance.js';
import { levenshtein } from './text.js';

const JaroWinklerDistance = jaroWinkler as (a: string, b: string, options?: { ignoreCase?: boolean }) => number;
import type { AgencyT } from '../record.js';
import { capitalizeFirst, fold, nameKey, slug, toneStyle } from './text.js';

export interface GazetteerEntry {
  name: string;
  aliases?: string[];
  level?: string;
}
export interface AgencyForms {
  variants: Array<[string, string]>;
  sector_codes: Record<string, string>;
  issuer_codes: Record<string, string>;
  levels: string[];
  local_bodies: string[];
  heads: string[];
  titles: string[];
  group_nouns: string[];
  member_groups: string[];
}
export interface Gazetteer {
  agencies: GazetteerEntry[];
  forms: AgencyForms;
}

export interface Mention {
  start: number;
  end: number;
  surface: string;
  name: string;
  source: 'gazetteer' | 'local' | 'head' | 'group';
}

interface TrieNode {
  next: Map<string, TrieNode>;
  name?: string;
}

const WORD = /[\p{L}\p{N}&]+(?:['’][\p{L}]+)?/gu;
const NOT_WORD_BEFORE = '(?<![\\p{L}\\p{N}])';
const NOT_WORD_AFTER = '(?![\\p{L}\\p{N}])';

function esc(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
/** A literal phrase as a regex source tolerant of spacing and comma variation. */
function phraseRe(s: string): string {
  return s
    .split(/\s+/)
    .map(esc)
    .join('\\s+')
    .replace(/,\\s\+/g, '\\s*,\\s*');
}

/** Words that end a name found by pattern (verbs and function words that follow agency names). */
const STOP_WORDS = new Set(
  [
    'chủ', 'phối', 'thực', 'triển', 'tham', 'theo', 'về', 'tại', 'để', 'trong', 'của', 'đã', 'có', 'được', 'là', 'và',
    'khẩn', 'tập', 'tổng', 'báo', 'hướng', 'kiểm', 'rà', 'xây', 'nghiên', 'đề', 'chỉ', 'thống', 'giải', 'tiếp',
    'ban', 'cử', 'bố', 'xem', 'trình', 'với', 'cho', 'từ', 'đến', 'trên', 'nhằm', 'thì', 'như', 'sau', 'khi',
    'nếu', 'đối', 'các', 'những', 'này', 'đó', 'gồm', 'năm', 'ngày', 'tháng', 'thông',
  ],
);
/** "số" ends a name only before a number ("Trung tâm X số 12/..."), not inside one ("Trung tâm Chuyển đổi số Thành phố"). */
const NUMBER_WORD = 'số';

export class AgencyMatcher {
  private root: TrieNode = { next: new Map() };
  /** the same names keyed by folded syllables (no diacritics), for noisy text */
  private froot: TrieNode = { next: new Map() };
  private canon = new Map<string, string>(); // nameKey(surface) -> canonical
  private names: Array<{ key: string; name: string }> = [];
  private localRe: RegExp;
  private headRe: RegExp;
  private groupRe: RegExp;
  private levelRe: string;
  /** after a generic body ("các sở, ban, ngành"): more group nouns and a level ("..., đoàn thể cấp tỉnh", "... Thành phố") */
  private genericTailRe: RegExp;

  constructor(readonly gaz: Gazetteer) {
    const { forms } = gaz;
    for (const e of gaz.agencies) {
      const name = toneStyle(e.name);
      this.names.push({ key: nameKey(name), name });
      for (const s of [e.name, ...(e.aliases ?? [])]) for (const v of this.variantsOf(s)) this.add(v, name);
    }
    // "Ủy ban nhân dân Thành phố": a city's notices capitalise the level that stands for the city
    this.levelRe = forms.levels.flatMap((l) => [l, capitalizeFirst(l)]).map(phraseRe).join('|');
    const bodies = new Set<string>();
    for (const b of forms.local_bodies) for (const v of this.variantsOf(b)) bodies.add(v);
    const bodyAlt = [...bodies].sort((a, b) => b.length - a.length).map(phraseRe).join('|');
    const proper = String.raw`\p{Lu}[\p{L}'’-]*(?:\s+\p{Lu}[\p{L}'’-]*)*`;
    // local body + level + place name | + "cấp" level | + "các" levels | bare level
    // (a bare level may be a list of levels: "Ủy ban nhân dân xã, phường", "UBND huyện, thị xã, thành phố")
    const lowLevels = forms.levels.map(phraseRe).join('|');
    this.localRe = new RegExp(
      `${NOT_WORD_BEFORE}(${bodyAlt})\\s+(?:(${this.levelRe})\\s+(${proper})|cấp\\s+(${this.levelRe})|(${this.levelRe})(?:\\s*,\\s*(?:${lowLevels})(?![\\p{L}\\p{N}]|\\s+\\p{Lu}))*)${NOT_WORD_AFTER}`,
      'gu',
    );
    const heads = [...forms.heads].sort((a, b) => b.length - a.length).map(phraseRe).join('|');
    this.headRe = new RegExp(`${NOT_WORD_BEFORE}(${heads})\\s+(?=\\p{Lu})`, 'gu');
    const groups = [...forms.group_nouns].sort((a, b) => b.length - a.length).map(phraseRe).join('|');
    this.genericTailRe = new RegExp(
      `^((?:\\s*,\\s*(?:${groups})${NOT_WORD_AFTER})*)(\\s+(?:cấp\\s+)?(?:${this.levelRe}|Trung\\s+ương)${NOT_WORD_AFTER}(?!\\s+\\p{Lu}))?`,
      'u',
    );
    this.groupRe = new RegExp(
      `${NOT_WORD_BEFORE}[Cc]ác\\s+(?:${groups})(?:\\s*(?:,|và)\\s*(?:${groups}))*(?:\\s+(?:chức năng|chuyên môn|trực thuộc))?\\s+(?:có\\s+)?liên\\s+quan${NOT_WORD_AFTER}`,
      'gu',
    );
  }

  /** The name and its abbreviated forms (UBND, HĐND, KH&CN ...). */
  variantsOf(s: string): string[] {
    const out = new Set([toneStyle(s)]);
    for (let pass = 0; pass < 2; pass++) {
      for (const v of [...out]) {
        for (const [full, abbr] of this.gaz.forms.variants) {
          const f = toneStyle(full);
          if (v.includes(f)) out.add(v.replace(f, abbr));
        }
      }
    }
    return [...out];
  }

  /** Abbreviations in a surface form spelled out ("UBND xã" -> "Ủy ban nhân dân xã"). */
  expand(s: string): string {
    let out = toneStyle(s.trim());
    const pairs = [...this.gaz.forms.variants].filter(([, a]) => !/^(TP\.?)$/.test(a)).sort((a, b) => b[1].length - a[1].length);
    for (const [full, abbr] of pairs) {
      // a short form that begins the full one ("Ủy ban Mặt trận Tổ quốc"): not where the full one is written
      const f = toneStyle(full);
      const rest = f.startsWith(abbr) ? f.slice(abbr.length).trim() : '';
      const notFull = rest ? `(?!\\s+${phraseRe(rest)}${NOT_WORD_AFTER})` : '';
      out = out.replace(new RegExp(`${NOT_WORD_BEFORE}${esc(abbr)}${NOT_WORD_AFTER}${notFull}`, 'gu'), full);
    }
    return out.replace(/\s+/g, ' ');
  }

  private add(surface: string, name: string) {
    const keys = nameKey(surface).split(' ').filter(Boolean);
    if (!keys.length) return;
    let node = this.root;
    for (const k of keys) {
      let n = node.next.get(k);
      if (!n) node.next.set(k, (n = { next: new Map() }));
      node = n;
    }
    node.name ??= name;
    this.canon.set(keys.join(' '), name);
    let f = this.froot;
    for (const k of keys.map(fold)) {
      let n = f.next.get(k);
      if (!n) f.next.set(k, (n = { next: new Map() }));
      f = n;
    }
    f.name ??= name;
  }

  /**
   * Longest gazetteer name from word i on, compared without diacritics and tolerating misread
   * syllables (OCR and repair noise: "Ủy ban nhân đến tỉnh"): the first syllable must agree, a
   * name of n syllables may have floor(n / 3) wrong ones, each a near-miss of the right one.
   */
  private fuzzyAt(words: Array<{ f: string }>, i: number, blocked: (j: number) => boolean): { j: number; name: string } | null {
    let best: { j: number; name: string; subs: number } | null = null;
    const walk = (node: TrieNode, j: number, subs: number, len: number) => {
      if (node.name && len >= 2 && subs <= Math.floor(len / 3)) {
        if (!best || j - 1 > best.j || (j - 1 === best.j && subs < best.subs)) best = { j: j - 1, name: node.name, subs };
      }
      if (j >= words.length || (j > i && blocked(j))) return;
      const w = words[j].f;
      const exact = node.next.get(w);
      if (exact) walk(exact, j + 1, subs, len + 1);
      if (len === 0 || subs >= 2) return;
      for (const [k, n] of node.next) if (k !== w && nearSyllable(w, k)) walk(n, j + 1, subs + 1, len + 1);
    };
    walk(this.froot, i, 0, 0);
    const b = best as { j: number; name: string; subs: number } | null;
    return b ? { j: b.j, name: b.name } : null;
  }

  /**
   * The canonical name of a gazetteer match, or the printed name (abbreviations spelled out) when it
   * says all the canonical name says and more ("UBND các huyện, thị xã, thành phố" is not "Ủy ban
   * nhân dân các huyện, thành phố").
   */
  private printedOrCanonical(surface: string, name: string): string {
    const key = `${surface}\u0000${name}`;
    let out = this.printedCache.get(key);
    if (out === undefined) {
      if (this.printedCache.size > 4096) this.printedCache.clear();
      this.printedCache.set(key, (out = this.printedOrCanonicalUncached(surface, name)));
    }
    return out;
  }
  private printedCache = new Map<string, string>();
  private printedOrCanonicalUncached(surface: string, name: string): string {
    if (nameKey(surface) === nameKey(name)) return name;
    const ws = (x: string) => new Set(nameKey(x).split(' ').filter(Boolean));
    const printed = this.expand(surface);
    const p = ws(printed);
    const c = ws(name);
    if (p.size <= c.size || ![...c].every((w) => p.has(w))) return name;
    return capitalizeFirst(printed.replace(/[\s,;:.]+$/, ''));
  }

  /** Canonical name for a surface form: gazetteer, then fuzzy match, then the spelled-out form. */
  resolve(surface: string): string {
    let out = this.resolved.get(surface);
    if (out === undefined) {
      if (this.resolved.size > 4096) this.resolved.clear();
      this.resolved.set(surface, (out = this.resolveUncached(surface)));
    }
    return out;
  }
  /** resolve() is pure: a document names the same bodies again and again */
  private resolved = new Map<string, string>();
  private resolveUncached(surface: string): string {
    const key = nameKey(surface);
    const hit = this.canon.get(key);
    if (hit) return hit;
    const expanded = this.expand(surface);
    const hit2 = this.canon.get(nameKey(expanded));
    if (hit2) return hit2;
    const ek = nameKey(expanded);
    let best: { name: string; score: number } | null = null;
    for (const n of this.names) {
      if (Math.abs(n.key.length - ek.length) > 4) continue;
      const score = JaroWinklerDistance(n.key, ek);
      if (score < 0.95 || (best && score <= best.score)) continue;
      // Jaro-Winkler rewards a shared prefix; also ask for few edits overall
      const edits = levenshtein(n.key, ek);
      if (1 - edits / Math.max(n.key.length, ek.length) >= 0.9) best = { name: n.name, score };
    }
    return best ? best.name : capitalizeFirst(expanded.replace(/[\s,;:.]+$/, ''));
  }

  /** Every agency mention in a text, non-overlapping, longest first. */
  find(text: string): Mention[] {
    const all: Mention[] = [];
    // gazetteer: longest token sequence from each word
    const words = [...text.matchAll(WORD)].map((m) => ({ k: toneStyle(m[0]).toLowerCase(), s: m.index!, e: m.index! + m[0].length }));
    const fwords = words.map((w) => ({ f: fold(w.k) }));
    for (let i = 0; i < words.length; i++) {
      let node: TrieNode | undefined = this.root;
      let last: { j: number; name: string } | null = null;
      for (let j = i; j < words.length && node; j++) {
        if (j > i && /[;:.()]/.test(text.slice(words[j - 1].e, words[j].s))) break;
        node = node.next.get(words[j].k);
        if (node?.name) last = { j, name: node.name };
      }
      last ??= this.fuzzyAt(fwords, i, (j) => /[;:.()]/.test(text.slice(words[j - 1].e, words[j].s)));
      if (last) {
        const s = words[i].s;
        let e = words[last.j].e;
        let name = last.name;
        // a generic body goes on with a level, maybe after more groups: "các sở, ban, ngành, đoàn thể cấp tỉnh"
        if (/^Các\s/u.test(name)) {
          const t = this.genericTailRe.exec(text.slice(e));
          // (more groups only with the level that closes them: "các đơn vị, tổ chức kiểm tra" is a verb)
          if (t?.[2]) e += t[0].replace(/\s+$/, '').length;
        }
        const surface = text.slice(s, e);
        if (e !== words[last.j].e) name = capitalizeFirst(this.expand(surface));
        else name = this.printedOrCanonical(surface, name);
        all.push({ start: s, end: e, surface, name, source: 'gazetteer' });
      }
    }
    for (const m of text.matchAll(this.localRe)) {
      const s = m.index!;
      let surface = m[0];
      // a place name stops before a capitalised word that starts a new clause ("xã Ia Ko Đoàn ...")
      surface = surface.replace(/\s+$/, '');
      all.push({ start: s, end: s + surface.length, surface, name: this.resolve(surface), source: 'local' });
    }
    for (const m of text.matchAll(this.headRe)) {
      const s = m.index!;
      const rest = text.slice(s + m[0].length);
      const ws = [...rest.matchAll(/([\p{L}\p{N}&'’-]+)([\s,]*)/gu)];
      let n = 0;
      let end = 0;
      let lower = 0;
      for (const w of ws) {
        const word = w[1];
        const isCap = /^\p{Lu}/u.test(word);
        if (n > 0 && STOP_WORDS.has(word.toLowerCase()) && !(word === 'và' && /^\p{Lu}/u.test(ws[n + 1]?.[1] ?? ''))) break;
        if (n > 0 && word.toLowerCase() === NUMBER_WORD && !/^\p{L}/u.test(ws[n + 1]?.[1] ?? '')) break;
        if (!isCap) lower++;
        else lower = 0;
        if (lower > 3 || n >= 8) break;
        n++;
        end = w.index! + word.length;
        if (/,/.test(w[2]) && !/^\p{Lu}/u.test(ws[n]?.[1] ?? '')) break;
        if (/[;:.]/.test(w[2])) break;
      }
      if (!n) continue;
      const surface = text.slice(s, s + m[0].length + end);
      all.push({ start: s, end: s + surface.length, surface, name: this.resolve(surface), source: 'head' });
    }
    for (const m of text.matchAll(this.groupRe)) {
      const s = m.index!;
      const surface = m[0];
      all.push({ start: s, end: s + surface.length, surface, name: capitalizeFirst(toneStyle(surface.replace(/\s+/g, ' '))), source: 'group' });
    }
    const rank = { group: 0, gazetteer: 1, local: 2, head: 3 } as const;
    // longest first; a name found by the head-word pattern only fills gaps the others leave
    all.sort((a, b) => (a.source === 'head' ? 1 : 0) - (b.source === 'head' ? 1 : 0) || b.end - b.start - (a.end - a.start) || rank[a.source] - rank[b.source]);
    const kept: Mention[] = [];
    for (const m of all) {
      if (kept.some((k) => m.start < k.end && k.start < m.end)) continue;
      kept.push(m);
    }
    return kept.sort((a, b) => a.start - b.start);
  }

  /** "Công an xã" in a text about "Ủy ban nhân dân xã Ia Ko" is "Công an xã Ia Ko". */
  completeLocality(name: string, context: string[]): string {
    const m = name.match(new RegExp(`^(.*\\S)\\s+(${this.levelRe})$`, 'u'));
    if (!m) return name;
    for (const c of context) {
      const cm = c.match(new RegExp(`${NOT_WORD_BEFORE}${esc(m[2])}\\s+(\\p{Lu}[\\p{L}'’-]*(?:\\s+\\p{Lu}[\\p{L}'’-]*)*)$`, 'u'));
      if (cm) return `${name} ${cm[1]}`;
    }
    return name;
  }

  /** "Các Sở: TP, NV, TC" -> Sở Tư pháp, Sở Nội vụ, Sở Tài chính. */
  expandSectorList(text: string): string[] | null {
    const m = text.match(/^(?:-\s*)?[Cc]ác\s+(Sở|Bộ)\s*:\s*(.+?)[;.]?$/u);
    if (!m) return null;
    const out: string[] = [];
    for (const part of m[2].split(/\s*,\s*/)) {
      const code = part.trim();
      const sector = this.gaz.forms.sector_codes[code];
      out.push(sector ? this.resolve(`${m[1]} ${sector}`) : this.resolve(`${m[1]} ${code}`));
    }
    return out;
  }
}

/** A folded syllable OCR may have made of another: one edit, or two in a long one of the same length with the same first letter. */
const NEAR = new Map<string, boolean>();
export function nearSyllable(seen: string, want: string): boolean {
  if (Math.abs(seen.length - want.length) > 1 || want.length < 2) return false;
  const key = seen + '|' + want;
  let r = NEAR.get(key);
  if (r === undefined) NEAR.set(key, (r = nearSyllableUncached(seen, want)));
  return r;
}
function nearSyllableUncached(seen: string, want: string): boolean {
  if (/^\d/.test(want) || /^\d/.test(seen)) return false;
  const d = levenshtein(seen, want);
  if (d === 1) return seen.length >= 2 && (want.length >= 3 || seen[0] === want[0]);
  return d === 2 && seen.length === want.length && want.length >= 4 && seen[0] === want[0] && JaroWinklerDistance(seen, want) >= 0.8;
}

/** Builds the record's agencies list from canonical names and the surfaces seen for each. */
export function agencyList(seen: Map<string, Set<string>>): AgencyT[] {
  return [...seen.entries()].map(([name, surfaces]) => ({
    id: slug(name),
    name,
    aliases: [...surfaces].filter((s) => s !== name),
  }));
}

export function agencyId(name: string): string {
  return slug(name);
}

// References: cited documents ("Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị") with kind,
// number, date and issuer. The issuer comes from "của ..." or, failing that, the number's code.
import type { ReferenceT } from '../record.js';
import type { AgencyMatcher } from './agencies.js';
import { type DateContext, parseDate } from './deadlines.js';
import { BARE_NUMBER_KINDS, CODE_CONFUSIONS, ISSUER_END, REFERENCE_KINDS, TYPE_CODES, TYPES_OF_ISSUER } from './references.data.js';
import { type Flow, digitsBetween, fixDigits, foldSameLength, lineAt } from './text.js';

// The patterns run on a folded shadow of the text (no diacritics, digit lookalikes fixed, same
// length): "Quyet dinh so l029/QD-UBND" reads as "Quyết định số 1029/QĐ-UBND".
const KIND_ALT = REFERENCE_KINDS.map((k) => foldSameLength(k.word).replace(/\s+/g, '\\s+')).join('|');
const CODE = String.raw`[\p{Lu}][\p{L}&]*`;
const NUMBER = String.raw`\d+[a-z]?(?:\s*\/\s*\d{4})?(?:\s*[\/-]\s*${CODE})+`;
const REF_RE = new RegExp(
  String.raw`(?<![\p{L}])(${KIND_ALT})(?:\s+s[o06e&b])?\s*[:.]?\s*(?:(${NUMBER})|(\d{1,4})(?![\d/]|[.,]\d))`,
  'dgiu',
);
const DATE_AFTER = /^\s*,?\s*(?:ban\s+hanh\s+)?ng[aie]y\s+(\d{1,2}(?:\s*\/\s*\d{1,2}\s*\/\s*\d{4}|\s+th[aeiy]ng\s+\d{1,2}\s+n[aeid]m\s+\d{4}))/iu;

function kindOf(word: string): string {
  const w = foldSameLength(word.replace(/\s+/g, ' ')).toLowerCase();
  return REFERENCE_KINDS.find((k) => foldSameLength(k.word).toLowerCase() === w)?.kind ?? word;
}

const CONFUSABLE = new Map<string, string>();
for (const cls of CODE_CONFUSIONS) for (const c of cls) CONFUSABLE.set(c, (CONFUSABLE.get(c) ?? '') + cls);

/** Cost of reading `code` as `seen`: 0.5 per confusable letter, 0.5 per stray lower-case letter; Infinity otherwise. */
function misreadCost(code: string, seen: string): number {
  if (seen.length < code.length || seen.length > code.length + 1) return Infinity;
  let best = Infinity;
  // at most one stray letter, anywhere
  const variants = seen.length === code.length ? [seen] : [...seen].map((_, i) => (/\p{Ll}/u.test(seen[i]) ? seen.slice(0, i) + seen.slice(i + 1) : null));
  for (const v of variants) {
    if (v === null) continue;
    let cost = seen.length === code.length ? 0 : 0.5;
    for (let i = 0; i < code.length && cost < Infinity; i++) {
      if (v[i] === code[i]) continue;
      cost = CONFUSABLE.get(code[i])?.includes(v[i]) ? cost + 0.5 : Infinity;
    }
    best = Math.min(best, cost);
  }
  return best;
}

/** The type code a misread one stands for ("QP" -> "QĐ", "HP" -> "NĐ"), or the code as it is. */
export function typeCode(seen: string, issuer?: string): string {
  if (TYPE_CODES.includes(seen)) return seen;
  let best: string | null = null;
  let bestCost = 1.01;
  let tie = false;
  // the issuer's code narrows the choice ("HP-CP" is "NĐ-CP", not "HD")
  for (const c of (issuer && TYPES_OF_ISSUER[issuer]) || TYPE_CODES) {
    const cost = misreadCost(c, seen);
    if (cost < bestCost) [best, bestCost, tie] = [c, cost, false];
    else if (cost === bestCost) tie = true;
  }
  return best && !tie ? best : seen;
}

export function normalizeNumber(n: string): string {
  const out = digitsBetween(n.replace(/\s*([/-])\s*/g, '$1').replace(/\s+/g, ''));
  // digits read as letters in the number and year; the type code right after them
  const m = /^([\dlIO|o]+[a-z]?(?:\/[\dlIO|o]{4})?)([/-])([^/-]+)(.*)$/u.exec(out);
  if (!m) return out;
  const issuer = /^[/-]([^/-]+)/.exec(m[4])?.[1];
  return fixDigits(m[1].replace(/\//g, ' / ')).replace(/ \/ /g, '/') + m[2] + typeCode(m[3], issuer) + m[4];
}

export interface RefSpan {
  start: number;
  end: number;
}

export interface ReferenceContext extends DateContext {
  matcher: AgencyMatcher;
  /** the whole notice, where its localities are named ("xã Ia Ko") */
  docText?: string;
}

/** References in one flow of text, with the spans they cover (to keep numbers out of statistics). */
export function findReferences(flow: Flow, ctx: ReferenceContext): Array<ReferenceT & RefSpan> {
  const out: Array<ReferenceT & RefSpan> = [];
  const text = flow.text;
  const shadow = fixDigits(foldSameLength(text));
  for (const m of shadow.matchAll(REF_RE)) {
    const ix = (m as RegExpMatchArray & { indices: Array<[number, number] | undefined> }).indices;
    const kindWord = text.slice(...ix[1]!);
    // a kind word must start with a capital unless it is "văn bản số ..." in running text
    const kind = kindOf(kindWord);
    let number: string | null = null;
    if (m[2]) number = normalizeNumber(text.slice(...ix[2]!));
    else if (m[3] && BARE_NUMBER_KINDS.has(kind) && /^\p{Lu}/u.test(kindWord)) number = m[3];
    else continue;
    if (!/^\p{Lu}/u.test(kindWord) && !/\ss[o06e&b]\b/.test(m[0])) continue;
    let end = m.index! + m[0].length;
    const after = shadow.slice(end);
    let date: string | null = null;
    const dm = DATE_AFTER.exec(after);
    if (dm) {
      date = parseDate('ngày ' + dm[1], ctx);
      end += dm[0].length;
    }
    let issuer: string | null = null;
    const rest = text.slice(end);
    const cm = /^\s*(?:cua|do)\s+/u.exec(shadow.slice(end));
    if (cm) {
      const tail = rest.slice(cm[0].length);
      const stop = tail.search(ISSUER_END);
      const span = tail.slice(0, stop >= 0 ? stop : 120);
      const ms = ctx.matcher.find(span);
      if (ms.length && ms[0].start === 0) {
        issuer = ms[0].name;
        // "Ban Chấp hành Trung ương khóa XII": keep what follows the name up to the stop
        const extra = span.slice(ms[0].end).trim();
        if (extra && /^khóa\s+[IVXLC\d]+$/iu.test(extra)) issuer += ' ' + extra;
      } else if (span.trim()) issuer = span.trim();
    }
    if (!issuer) {
      issuer = enactedBy(text.slice(Math.max(0, m.index! - 160), m.index!), ctx.matcher);
      if (issuer) issuer = withLocality(issuer, ctx.docText ?? text);
    }
    if (!issuer && number) {
      const codes = number.split(/[/-]/).filter((c) => /\p{L}/u.test(c));
      const last = codes[codes.length - 1];
      issuer = (last && ctx.matcher.gaz.forms.issuer_codes[last]) || null;
      if (issuer) issuer = ctx.matcher.resolve(issuer);
    }
    const at = lineAt(flow, m.index!);
    out.push({ page: at.page, line: at.line, kind, number, date, issuer, start: m.index!, end });
  }
  return out;
}

/**
 * The agency that a sentence says enacted the document cited right after it: "UBND xã đã ban hành
 * Quyết định số ...", "UBND xã ban hành 04 quyết định: Quyết định số ...".
 */
function enactedBy(before: string, matcher: AgencyMatcher): string | null {
  const sentence = before.slice(before.search(/[^.;]*$/));
  const m = /(?<![\p{L}])(?:đã\s+|đã\s+kịp\s+thời\s+)?ban\s+hành(?![\p{L}])(?:[^.;]{0,40}?:\s*|\s+)$/u.exec(sentence);
  if (!m) return null;
  const ms = matcher.find(sentence.slice(0, m.index));
  const last = ms[ms.length - 1];
  return last && /^\s*$/.test(sentence.slice(last.end, m.index)) ? last.name : null;
}

/** "Ủy ban nhân dân xã" -> "Ủy ban nhân dân xã Ia Ko" when the notice names one locality of that level. */
function withLocality(name: string, text: string): string {
  const level = /\s(xã|phường|thị\s+trấn|huyện|quận|thị\s+xã|tỉnh|thành\s+phố)$/u.exec(name)?.[1];
  if (!level) return name;
  const names = new Map<string, number>();
  const re = new RegExp(`(?<![\\p{L}])${level}\\s+((?:\\p{Lu}\\p{Ll}*)(?:\\s\\p{Lu}\\p{Ll}*){0,3})`, 'gu');
  for (const mm of text.matchAll(re)) names.set(mm[1], (names.get(mm[1]) ?? 0) + 1);
  return names.size === 1 ? `${name} ${[...names.keys()][0]}` : name;
}

/** One entry per cited document (same number and date), first mention kept, gaps filled later. */
export function dedupeReferences(refs: ReferenceT[]): ReferenceT[] {
  const byKey = new Map<string, ReferenceT>();
  for (const r of refs) {
    const key = `${(r.number ?? '').toLowerCase()}|${r.kind}`;
    const prev = byKey.get(key);
    if (!prev) byKey.set(key, { ...r });
    else {
      prev.date ??= r.date;
      prev.issuer ??= r.issuer;
    }
  }
  return [...byKey.values()];
}

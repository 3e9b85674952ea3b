// References: cited documents ("Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị") with kind,
// number, date and issuer. The issuer comes from "của ..." or, failing that, the number's code.
import type { ReferenceT } from '../record.js';
import type { AgencyMatcher } from './agencies.js';
import { type DateContext, parseDate } from './deadlines.js';
import { BARE_NUMBER_KINDS, ISSUER_END, REFERENCE_KINDS } from './references.data.js';
import { type Flow, lineAt } from './text.js';

const KIND_ALT = REFERENCE_KINDS.map((k) => k.word.replace(/\s+/g, '\\s+')).join('|');
const CODE = String.raw`[\p{Lu}Đ][\p{L}Đ&]*`;
const NUMBER = String.raw`\d+[a-z]?(?:\s*\/\s*\d{4})?(?:\s*[\/-]\s*${CODE})+`;
const REF_RE = new RegExp(
  String.raw`(?<![\p{L}])(${KIND_ALT})(?:\s+số)?\s*[:.]?\s*(?:(${NUMBER})|(\d{1,4})(?![\d/]|[.,]\d))`,
  'giu',
);
const DATE_AFTER = /^\s*,?\s*(?:ban\s+hành\s+)?ngày\s+(\d{1,2}(?:\s*\/\s*\d{1,2}\s*\/\s*\d{4}|\s+tháng\s+\d{1,2}\s+năm\s+\d{4}))/iu;

function kindOf(word: string): string {
  const w = word.replace(/\s+/g, ' ').toLowerCase();
  return REFERENCE_KINDS.find((k) => k.word.toLowerCase() === w)?.kind ?? word;
}

export function normalizeNumber(n: string): string {
  return n.replace(/\s*([/-])\s*/g, '$1').replace(/\s+/g, '');
}

export interface RefSpan {
  start: number;
  end: number;
}

export interface ReferenceContext extends DateContext {
  matcher: AgencyMatcher;
}

/** References in one flow of text, with the spans they cover (to keep numbers out of statistics). */
export function findReferences(flow: Flow, ctx: ReferenceContext): Array<ReferenceT & RefSpan> {
  const out: Array<ReferenceT & RefSpan> = [];
  const text = flow.text;
  for (const m of text.matchAll(REF_RE)) {
    const kindWord = m[1];
    // a kind word must start with a capital unless it is "văn bản số ..." in running text
    const kind = kindOf(kindWord);
    let number: string | null = null;
    if (m[2]) number = normalizeNumber(m[2]);
    else if (m[3] && BARE_NUMBER_KINDS.has(kind) && /^\p{Lu}/u.test(kindWord)) number = m[3];
    else continue;
    if (!/^\p{Lu}/u.test(kindWord) && !/số/.test(m[0])) continue;
    let end = m.index! + m[0].length;
    const after = text.slice(end);
    let date: string | null = null;
    const dm = DATE_AFTER.exec(after);
    if (dm) {
      date = parseDate('ngày ' + dm[1], ctx);
      end += dm[0].length;
    }
    let issuer: string | null = null;
    const rest = text.slice(end);
    const cm = /^\s*(?:của|do)\s+/u.exec(rest);
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

// Deadlines: Vietnamese date and period phrases -> ISO date + kind, or a recurrence rule.
// Dates are always D/M/Y. A missing year comes from the document's own date (ctx.refDate).
import type { DeadlineT } from '../record.js';
import { DEADLINE_CUES, DEADLINE_LEADS, PERIODS, QUARTERS, WEEKDAYS } from './deadlines.data.js';
import { romanOf } from './structure.js';
import { fixDigits, foldSameLength, isoDate, lastDayOfMonth, levenshtein, pad2 } from './text.js';

export interface DateContext {
  /** the document's date (meeting or issue), ISO; gives missing years and rules out past dates */
  refDate?: string | null;
}

export interface DeadlineMatch extends DeadlineT {
  start: number;
  end: number;
}

type Grain = 'day' | 'period';
interface TimeExpr {
  start: number;
  end: number;
  grain: Grain;
  /** first and last day of the period (the same for a day) */
  first: string;
  last: string;
}

// The patterns run on a folded shadow of the text (no diacritics, digit lookalikes fixed, same
// length), so "ngay 30 thang 10 nim 2025" and "truoc ngay l5/12/2025" read as the restored forms.
const Y = String.raw`(\d{4})`;
const DM_SEP = String.raw`\s*[/.-]\s*`;
const NGAY = String.raw`ng[aie]y`;
const THANG = String.raw`th[aeiy]ng`;
const NAM = String.raw`n[aeiơd]m`;

const DAY_FULL_WORDS = new RegExp(String.raw`${NGAY}\s+(\d{1,2})\s+${THANG}\s+(\d{1,2})(?:\s+${NAM}\s+${Y})?`, 'giu');
const DAY_NUMERIC = new RegExp(String.raw`(?:${NGAY}\s+)?(?<![\d/.])(\d{1,2})${DM_SEP}(\d{1,2})(?:${DM_SEP}${Y})?(?![\d/])`, 'giu');
const HALF = new RegExp(String.raw`(\d{1,2})\s+${THANG}\s+(dau|cuoi)\s+${NAM}(?:\s*${Y})?`, 'giu');
// quarter numbers through Roman lookalikes ("quý I1/2026"); case matters for the numeral only
const QUARTER = new RegExp(String.raw`(?:[Qq]uy|QUY)\s+([IVLl1|]{1,3}(?:\s*(?:,|va|-|–)\s*[IVLl1|]{1,3})*|[1-4](?:\s*(?:,|va|-|–)\s*[1-4])*)(?![\p{L}\d])(?:\s*(?:/|${NAM})\s*${Y})?`, 'gu');
const MONTH = new RegExp(String.raw`(?:(cuoi|het)\s+)?${THANG}\s+(\d{1,2})(?:\s*/\s*${Y}|\s+${NAM}\s+${Y})?(?!\s*(?:dau|cuoi)\s+${NAM})`, 'giu');
// "năm 2026 - 2030": the period ends with the last year
const YEAR = new RegExp(String.raw`(?:(cuoi|het)\s+)?${NAM}\s+${Y}(?:\s*[-–]\s*${Y})?`, 'giu');

/** The text the date patterns read: folded, digit lookalikes fixed, offsets unchanged. */
const SHADOWS = new Map<string, string>();
export function dateShadow(text: string): string {
  // the same texts are read many times (a block's heading for each of its items)
  let s = SHADOWS.get(text);
  if (s === undefined) {
    if (SHADOWS.size > 2000) SHADOWS.clear();
    SHADOWS.set(text, (s = fixDigits(foldSameLength(text))));
  }
  return s;
}

function yearFor(ctx: DateContext, m: number, d: number): number {
  const ref = ctx.refDate ? new Date(ctx.refDate + 'T00:00:00Z') : null;
  if (!ref) return new Date().getUTCFullYear();
  let y = ref.getUTCFullYear();
  const cand = Date.UTC(y, m - 1, d);
  // a date far before the document's own date without a year is next year's ("trước ngày 15/01")
  if (cand < ref.getTime() - 60 * 86400e3) y += 1;
  return y;
}

function timeExprs(original: string, ctx: DateContext): TimeExpr[] {
  const text = dateShadow(original);
  const out: TimeExpr[] = [];
  const push = (start: number, end: number, grain: Grain, first: string | null, last: string | null) => {
    if (first && last) out.push({ start, end, grain, first, last });
  };
  for (const m of text.matchAll(DAY_FULL_WORDS)) {
    const d = +m[1], mo = +m[2];
    const y = m[3] ? +m[3] : yearFor(ctx, mo, d);
    const iso = isoDate(y, mo, d);
    push(m.index!, m.index! + m[0].length, 'day', iso, iso);
  }
  for (const m of text.matchAll(DAY_NUMERIC)) {
    // "tháng 10/2025" is a month, not a day; "07/8 văn bản" without "ngày" or a year is a ratio
    const before = text.slice(Math.max(0, m.index! - 8), m.index!).toLowerCase();
    if (/th[aeiy]ng\s*$|quy\s*$/.test(before)) continue;
    if (!m[3] && !/^ng[aie]y/i.test(m[0])) continue;
    const d = +m[1], mo = +m[2];
    const y = m[3] ? +m[3] : yearFor(ctx, mo, d);
    const iso = isoDate(y, mo, d);
    push(m.index!, m.index! + m[0].length, 'day', iso, iso);
  }
  for (const m of text.matchAll(HALF)) {
    const n = +m[1];
    const y = m[3] ? +m[3] : yearFor(ctx, 12, 31);
    if (n < 1 || n > 12) continue;
    const first = m[2].toLowerCase() === 'dau' ? isoDate(y, 1, 1) : isoDate(y, 13 - n, 1);
    const lastM = m[2].toLowerCase() === 'dau' ? n : 12;
    push(m.index!, m.index! + m[0].length, 'period', first, isoDate(y, lastM, lastDayOfMonth(y, lastM)));
  }
  for (const m of text.matchAll(QUARTER)) {
    const qs = m[1].split(/\s*(?:,|va|-|–)\s*/i).map((q) => QUARTERS[q.toLowerCase()] ?? romanOf(q)).filter((q) => q >= 1 && q <= 4);
    if (!qs.length) continue;
    const y = m[2] ? +m[2] : yearFor(ctx, 12, 31);
    const q0 = Math.min(...qs), q1 = Math.max(...qs);
    const lm = q1 * 3;
    push(m.index!, m.index! + m[0].length, 'period', isoDate(y, q0 * 3 - 2, 1), isoDate(y, lm, lastDayOfMonth(y, lm)));
  }
  for (const m of text.matchAll(MONTH)) {
    const mo = +m[2];
    const y = m[3] ? +m[3] : m[4] ? +m[4] : yearFor(ctx, mo, lastDayOfMonth(2001, mo));
    if (mo < 1 || mo > 12) continue;
    push(m.index!, m.index! + m[0].length, 'period', isoDate(y, mo, 1), isoDate(y, mo, lastDayOfMonth(y, mo)));
  }
  for (const m of text.matchAll(YEAR)) {
    const y = +m[2];
    const y1 = m[3] && +m[3] > y ? +m[3] : y;
    push(m.index!, m.index! + m[0].length, 'period', isoDate(y, 1, 1), isoDate(y1, 12, 31));
  }
  // keep the longest expression where they overlap (a day inside "ngày ... tháng ... năm")
  out.sort((a, b) => a.start - b.start || b.end - b.start - (a.end - a.start));
  const kept: TimeExpr[] = [];
  for (const e of out) {
    const last = kept[kept.length - 1];
    if (last && e.start < last.end) continue;
    kept.push(e);
  }
  return kept;
}

// cues and leads compared on the folded shadow
const CUES = DEADLINE_CUES.map((c) => ({ ...c, cue: foldSameLength(c.cue) })).sort((a, b) => b.cue.length - a.cue.length);
const LEADS = DEADLINE_LEADS.map(foldSameLength).sort((a, b) => b.length - a.length);
/** One-word cues that a noisy word may stand for ("truée" for "trước"). */
const FUZZY_CUES = CUES.filter((c) => !/\s/.test(c.cue) && c.cue.length >= 4);

/** The cue that ends `before` (folded, lower case), allowing one noisy word for a one-word cue. */
function cueAtEnd(before: string): { cue: string; kind: (typeof CUES)[number]['kind']; len: number } | null {
  const exact = CUES.find((c) => endsWithWord(before, c.cue));
  if (exact) return { ...exact, len: exact.cue.length };
  const w = /(?<![\p{L}\p{N}])(\p{L}{4,6})$/u.exec(before)?.[1];
  if (!w || NOT_CUES.has(w)) return null;
  for (const c of FUZZY_CUES) {
    const d = levenshtein(w, c.cue);
    // a shared beginning and at most two edits: OCR rarely breaks the first letters of a word
    if (d === 1 || (d === 2 && w.length >= 5 && w.slice(0, 3) === c.cue.slice(0, 3))) return { ...c, len: w.length };
  }
  return null;
}
/** Real words close to a cue that are not one. */
const NOT_CUES = new Set(['trung', 'truong', 'trang', 'trinh', 'dean', 'denh']);

function endsWithWord(hay: string, needle: string): boolean {
  if (!hay.endsWith(needle)) return false;
  const c = hay[hay.length - needle.length - 1];
  return c === undefined || !/[\p{L}\p{N}]/u.test(c);
}

/** Recurring phrases: "định kỳ sáng thứ Hai hằng tuần", "kể từ tháng 11 năm 2025, định kỳ hằng tháng" (read on the folded shadow). */
const RECURRING = new RegExp(
  String.raw`(?:(?:ke\s+)?tu\s+(?:${NGAY}\s+\d{1,2}(?:\s*/\s*\d{1,2}(?:\s*/\s*\d{4})?|\s+${THANG}\s+\d{1,2}(?:\s+${NAM}\s+\d{4})?)|${THANG}\s+\d{1,2}(?:\s*/\s*\d{4}|\s+${NAM}\s+\d{4})?|${NAM}\s+\d{4})\s*,?\s*)?` +
    String.raw`(?:dinh\s+ky\s+(?:vao\s+)?(?:(?:(sang|chieu)\s+)?(thu\s+(?:hai|ba|tu|nam|sau|bay|[2-7])|chu\s+nhat)\s+)?(?:(?:hang|moi)\s+(ngay|tuan|thang|quy|nam)|(\d{1,2})\s+${THANG}(?:\s*(?:,|va|\/)\s*hang\s+${NAM})?)` +
    String.raw`|(?:(?:sang|chieu)\s+)?(thu\s+(?:hai|ba|tu|nam|sau|bay|[2-7])|chu\s+nhat)\s+(?:hang|moi)\s+tuan` +
    String.raw`|(?:truoc\s+)?${NGAY}\s+(\d{1,2})\s+hang\s+${THANG})`,
  'giu',
);

const FOLDED_WEEKDAYS: Record<string, string> = Object.fromEntries(Object.entries(WEEKDAYS).map(([k, v]) => [foldSameLength(k), v]));
const FOLDED_PERIODS: Record<string, string> = Object.fromEntries(Object.entries(PERIODS).map(([k, v]) => [foldSameLength(k), v]));

function weekday(s: string | undefined): string | null {
  if (!s) return null;
  const k = s.toLowerCase().replace(/^thu\s+/, '').replace(/\s+/g, ' ');
  return FOLDED_WEEKDAYS[k] ?? null;
}

function recurring(original: string): DeadlineMatch[] {
  const out: DeadlineMatch[] = [];
  const text = dateShadow(original);
  for (const m of text.matchAll(RECURRING)) {
    let rule: string | null = null;
    const day = weekday(m[2]) ?? weekday(m[5]);
    if (m[3]) rule = FOLDED_PERIODS[m[3].toLowerCase()];
    else if (m[4]) rule = +m[4] === 6 ? PERIODS['6 tháng'] : `FREQ=MONTHLY;INTERVAL=${+m[4]}`;
    else if (m[5]) rule = PERIODS.tuần;
    else if (m[6]) rule = `FREQ=MONTHLY;BYMONTHDAY=${+m[6]}`;
    if (day) rule = `FREQ=WEEKLY;BYDAY=${day}`;
    if (!rule) continue;
    const s = m.index!;
    out.push({ date: null, kind: 'recurring', text: original.slice(s, s + m[0].length).trim(), rule, start: s, end: s + m[0].length });
  }
  return out;
}

/** Every deadline phrase in a text, in order: dated ones with their cue, and recurring ones. */
export function findDeadlines(text: string, ctx: DateContext = {}): DeadlineMatch[] {
  const shadow = dateShadow(text);
  const rec = recurring(text);
  const inRec = (s: number) => rec.some((r) => s >= r.start && s < r.end);
  const out: DeadlineMatch[] = [...rec];
  for (const e of timeExprs(text, ctx)) {
    if (inRec(e.start)) continue;
    const raw = shadow.slice(Math.max(0, e.start - 40), e.start);
    const stripped = raw.replace(/[:,]?\s*$/, '');
    const before = stripped.toLowerCase();
    const cue = cueAtEnd(before);
    if (!cue) continue;
    const cueEnd = e.start - (raw.length - stripped.length);
    let kind = cue.kind;
    let date = e.last;
    if (e.grain === 'day') {
      if (kind === 'by_end_of') kind = cue.cue === 'trong' || cue.cue === 'vao' ? 'on' : 'no_later_than';
    } else if (kind === 'before') {
      date = e.first;
    } else if (kind === 'on') {
      kind = 'by_end_of';
    }
    if (ctx.refDate && date < ctx.refDate) continue; // a past date describes, it does not set a deadline
    let start = cueEnd - cue.len;
    const pre = shadow.slice(0, start).replace(/\s+$/, '');
    const lead = LEADS.find((l) => endsWithWord(pre.toLowerCase(), l) && l !== cue.cue);
    if (lead) start = pre.length - lead.length;
    out.push({ date, kind, text: text.slice(start, e.end).trim(), start, end: e.end });
  }
  return out.sort((a, b) => a.start - b.start);
}

/** Depth of parentheses at each offset start: deadlines inside "( ... )" belong to a sub-task. */
function inParens(text: string, at: number): boolean {
  let depth = 0;
  for (let i = 0; i < at; i++) {
    if (text[i] === '(') depth++;
    else if (text[i] === ')') depth = Math.max(0, depth - 1);
  }
  return depth > 0;
}

/**
 * The deadline of one directive: the last dated one outside parentheses (a closing "Hoàn thành
 * trước ngày ..." governs the task), else any dated one, else a recurrence.
 */
export function pickDeadline(text: string, ctx: DateContext = {}): DeadlineT | null {
  const all = findDeadlines(text, ctx);
  const dated = all.filter((d) => d.date);
  const outside = dated.filter((d) => !inParens(text, d.start));
  const best = outside[outside.length - 1] ?? dated[dated.length - 1] ?? all.find((d) => d.kind === 'recurring');
  if (!best) return null;
  const { start: _s, end: _e, ...dl } = best;
  return dl.rule ? dl : { date: dl.date, kind: dl.kind, text: dl.text };
}

/** A date written as "ngày 22 tháng 12 năm 2024", "22/12/2024" or "ngày 22/12" (year from ctx). */
export function parseDate(text: string, ctx: DateContext = {}): string | null {
  const e = timeExprs(text, ctx).find((x) => x.grain === 'day');
  return e ? e.first : null;
}

/** All day dates in a text with offsets. */
export function findDates(text: string, ctx: DateContext = {}): Array<{ date: string; start: number; end: number }> {
  return timeExprs(text, ctx)
    .filter((x) => x.grain === 'day')
    .map((x) => ({ date: x.first, start: x.start, end: x.end }));
}

export { pad2 };

/** Spans of every date and period expression (for keeping them out of statistics). */
export function timeSpans(text: string, ctx: DateContext = {}): Array<{ start: number; end: number }> {
  return timeExprs(text, ctx).map((x) => ({ start: x.start, end: x.end }));
}

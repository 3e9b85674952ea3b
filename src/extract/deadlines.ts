// Deadlines: Vietnamese date and period phrases -> ISO date + kind, or a recurrence rule.
// Dates are always D/M/Y. A missing year comes from the document's own date (ctx.refDate).
import type { DeadlineT } from '../record.js';
import { DEADLINE_CUES, DEADLINE_LEADS, PERIODS, QUARTERS, WEEKDAYS } from './deadlines.data.js';
import { isoDate, lastDayOfMonth, pad2 } from './text.js';

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

const Y = String.raw`(\d{4})`;
const DM_SEP = String.raw`\s*[/.-]\s*`;
const ROMAN_Q = String.raw`(?:IV|I{1,3}|[1-4])`;

const DAY_FULL_WORDS = new RegExp(String.raw`ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})(?:\s+năm\s+${Y})?`, 'giu');
const DAY_NUMERIC = new RegExp(String.raw`(?:ngày\s+)?(?<![\d/.])(\d{1,2})${DM_SEP}(\d{1,2})(?:${DM_SEP}${Y})?(?![\d/])`, 'giu');
const HALF = new RegExp(String.raw`(\d{1,2})\s+tháng\s+(đầu|cuối)\s+năm(?:\s*${Y})?`, 'giu');
const QUARTER = new RegExp(String.raw`quý\s+(${ROMAN_Q}(?:\s*(?:,|và|-|–)\s*${ROMAN_Q})*)(?:\s*(?:/|năm)\s*${Y})?`, 'giu');
const MONTH = new RegExp(String.raw`(?:(cuối|hết)\s+)?tháng\s+(\d{1,2})(?:\s*/\s*${Y}|\s+năm\s+${Y})?(?!\s*(?:đầu|cuối)\s+năm)`, 'giu');
const YEAR = new RegExp(String.raw`(?:(cuối|hết)\s+)?năm\s+${Y}`, 'giu');

function yearFor(ctx: DateContext, m: number, d: number): number {
  const ref = ctx.refDate ? new Date(ctx.refDate + 'T00:00:00Z') : null;
  if (!ref) return new Date().getUTCFullYear();
  let y = ref.getUTCFullYear();
  const cand = Date.UTC(y, m - 1, d);
  // a date far before the document's own date without a year is next year's ("trước ngày 15/01")
  if (cand < ref.getTime() - 60 * 86400e3) y += 1;
  return y;
}

function timeExprs(text: string, ctx: DateContext): TimeExpr[] {
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
    if (/tháng\s*$|quý\s*$/.test(before)) continue;
    if (!m[3] && !/^ngày/i.test(m[0])) continue;
    const d = +m[1], mo = +m[2];
    const y = m[3] ? +m[3] : yearFor(ctx, mo, d);
    const iso = isoDate(y, mo, d);
    push(m.index!, m.index! + m[0].length, 'day', iso, iso);
  }
  for (const m of text.matchAll(HALF)) {
    const n = +m[1];
    const y = m[3] ? +m[3] : yearFor(ctx, 12, 31);
    if (n < 1 || n > 12) continue;
    const first = m[2].toLowerCase() === 'đầu' ? isoDate(y, 1, 1) : isoDate(y, 13 - n, 1);
    const lastM = m[2].toLowerCase() === 'đầu' ? n : 12;
    push(m.index!, m.index! + m[0].length, 'period', first, isoDate(y, lastM, lastDayOfMonth(y, lastM)));
  }
  for (const m of text.matchAll(QUARTER)) {
    const qs = m[1].split(/\s*(?:,|và|-|–)\s*/i).map((q) => QUARTERS[q.toLowerCase()]).filter(Boolean);
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
    push(m.index!, m.index! + m[0].length, 'period', isoDate(y, 1, 1), isoDate(y, 12, 31));
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

const CUES = [...DEADLINE_CUES].sort((a, b) => b.cue.length - a.cue.length);
const LEADS = [...DEADLINE_LEADS].sort((a, b) => b.length - a.length);

function endsWithWord(hay: string, needle: string): boolean {
  if (!hay.endsWith(needle)) return false;
  const c = hay[hay.length - needle.length - 1];
  return c === undefined || !/[\p{L}\p{N}]/u.test(c);
}

/** Recurring phrases: "định kỳ sáng thứ Hai hằng tuần", "kể từ tháng 11 năm 2025, định kỳ hằng tháng". */
const RECURRING = new RegExp(
  String.raw`(?:(?:kể\s+)?từ\s+(?:ngày\s+\d{1,2}(?:\s*/\s*\d{1,2}(?:\s*/\s*\d{4})?|\s+tháng\s+\d{1,2}(?:\s+năm\s+\d{4})?)|tháng\s+\d{1,2}(?:\s*/\s*\d{4}|\s+năm\s+\d{4})?|năm\s+\d{4})\s*,?\s*)?` +
    String.raw`(?:định\s+kỳ\s+(?:vào\s+)?(?:(?:(sáng|chiều)\s+)?(thứ\s+(?:hai|ba|tư|năm|sáu|bảy|[2-7])|chủ\s+nhật)\s+)?(?:(?:hằng|hàng|mỗi)\s+(ngày|tuần|tháng|quý|năm)|(\d{1,2})\s+tháng(?:\s*(?:,|và|\/)\s*(?:hằng|hàng)\s+năm)?)` +
    String.raw`|(?:(?:sáng|chiều)\s+)?(thứ\s+(?:hai|ba|tư|năm|sáu|bảy|[2-7])|chủ\s+nhật)\s+(?:hằng|hàng|mỗi)\s+tuần` +
    String.raw`|(?:trước\s+)?ngày\s+(\d{1,2})\s+(?:hằng|hàng)\s+tháng)`,
  'giu',
);

function weekday(s: string | undefined): string | null {
  if (!s) return null;
  const k = s.toLowerCase().replace(/^thứ\s+/, '').replace(/\s+/g, ' ');
  return WEEKDAYS[k] ?? null;
}

function recurring(text: string): DeadlineMatch[] {
  const out: DeadlineMatch[] = [];
  for (const m of text.matchAll(RECURRING)) {
    let rule: string | null = null;
    const day = weekday(m[2]) ?? weekday(m[5]);
    if (m[3]) rule = PERIODS[m[3].toLowerCase()];
    else if (m[4]) rule = +m[4] === 6 ? PERIODS['6 tháng'] : `FREQ=MONTHLY;INTERVAL=${+m[4]}`;
    else if (m[5]) rule = PERIODS['tuần'];
    else if (m[6]) rule = `FREQ=MONTHLY;BYMONTHDAY=${+m[6]}`;
    if (day) rule = `FREQ=WEEKLY;BYDAY=${day}`;
    if (!rule) continue;
    const s = m.index!;
    out.push({ date: null, kind: 'recurring', text: m[0].trim(), rule, start: s, end: s + m[0].length });
  }
  return out;
}

/** Every deadline phrase in a text, in order: dated ones with their cue, and recurring ones. */
export function findDeadlines(text: string, ctx: DateContext = {}): DeadlineMatch[] {
  const rec = recurring(text);
  const inRec = (s: number) => rec.some((r) => s >= r.start && s < r.end);
  const out: DeadlineMatch[] = [...rec];
  for (const e of timeExprs(text, ctx)) {
    if (inRec(e.start)) continue;
    const raw = text.slice(Math.max(0, e.start - 40), e.start);
    const stripped = raw.replace(/[:,]?\s*$/, '');
    const before = stripped.toLowerCase();
    const cue = CUES.find((c) => endsWithWord(before, c.cue));
    if (!cue) continue;
    const cueEnd = e.start - (raw.length - stripped.length);
    let kind = cue.kind;
    let date = e.last;
    if (e.grain === 'day') {
      if (kind === 'by_end_of') kind = cue.cue === 'trong' || cue.cue === 'vào' ? 'on' : 'no_later_than';
    } else if (kind === 'before') {
      date = e.first;
    } else if (kind === 'on') {
      kind = 'by_end_of';
    }
    if (ctx.refDate && date < ctx.refDate) continue; // a past date describes, it does not set a deadline
    let start = cueEnd - cue.cue.length;
    const pre = text.slice(0, start).replace(/\s+$/, '');
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

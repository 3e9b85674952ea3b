// Statistics: figures that count or measure something: "99,54%", "51/63", "20/20 Sở", "82.92
// điểm", "60-80%", "2.396 hồ sơ". Dates, document numbers and list numbering are left out.
import type { StatisticT } from '../record.js';
import { CLOCK_AFTER, CLOCK_BEFORE, CLOCK_MINUTES, NOT_STAT_BEFORE, PERIOD_AFTER, RANK_CUES, THRESHOLD_BEFORE, UNITS } from './statistics.data.js';
import { type Flow, lineAt } from './text.js';

const UNIT_LIST = [...UNITS].sort((a, b) => b.word.length - a.word.length);
const UNIT_RE = new RegExp(
  `^\\s*(${UNIT_LIST.map((u) => u.word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/,\s*/g, ',\\s*').replace(/\s+/g, '\\s+')).join('|')})(?![\\p{L}\\p{N}])`,
  'iu',
);
const NUM = String.raw`\d{1,3}(?:\.\d{3})+(?![\d,])|\d+(?:[.,]\d+)?`;
const FIGURE = new RegExp(
  String.raw`(?<![\p{L}\d.,/-])(${NUM})(?:\s*[-–]\s*(${NUM}))?(\s*%)?(?:\s*\/\s*(${NUM})(?![\d/]))?`,
  'gu',
);

/** "2.396" -> 2396, "99,54" -> 99.54, "82.92" -> 82.92 (a dot before exactly three digits groups thousands). */
export function parseNumber(s: string, percent = false): number {
  if (/^\d{1,3}(?:\.\d{3})+$/.test(s) && !percent) return Number(s.replace(/\./g, ''));
  if (/^\d{1,3}(?:,\d{3})+$/.test(s) && !percent && s.split(',').length > 2) return Number(s.replace(/,/g, ''));
  return Number(s.replace(',', '.'));
}

function unitAfter(text: string): { unit: string; word: string; len: number } | null {
  const m = UNIT_RE.exec(text);
  if (!m) return null;
  const w = m[1].toLowerCase().replace(/\s+/g, ' ');
  const u = UNIT_LIST.find((x) => x.word.toLowerCase().replace(/\s*,\s*/g, ', ') === w.replace(/\s*,\s*/g, ', '));
  return { unit: u?.unit ?? u?.word ?? m[1], word: m[1], len: m[0].length };
}

function clauseStart(text: string, at: number): number {
  const s = Math.max(text.lastIndexOf(';', at - 1), text.lastIndexOf(':', at - 1), text.lastIndexOf('(', at - 1));
  const dot = text.slice(0, at).search(/\.\s+\p{Lu}[^.]*$/u);
  return Math.max(s + 1, dot >= 0 ? dot + 1 : 0);
}

function subjectOf(text: string, start: number, end: number, unitWord: string | null): string {
  const before = text.slice(clauseStart(text, start), start).trim().split(/\s+/).slice(-8).join(' ');
  const after = text.slice(end).split(/[;:()]|,\s(?=\p{Ll}*\s*\d)/u)[0].trim().split(/\s+/).slice(0, 8).join(' ');
  const s = unitWord ? `${unitWord} ${after}` : `${before} ${after}`;
  return s.replace(/\s+/g, ' ').replace(/[,.;\s]+$/, '').trim() || unitWord || '';
}

export interface Excluded {
  start: number;
  end: number;
}

/** Figures in one flow; `excluded` are spans of dates and document numbers. */
export function findStatistics(flow: Flow, excluded: Excluded[] = []): StatisticT[] {
  const text = flow.text;
  const out: StatisticT[] = [];
  const percentUnits: string[] = [];
  let clauseAt = -1;
  let clauseHasCount = false;
  for (const m of text.matchAll(FIGURE)) {
    const start = m.index!;
    let end = start + m[0].length;
    if (excluded.some((e) => start < e.end && e.start < end)) continue;
    const before = text.slice(Math.max(0, start - 20), start);
    const cs = clauseStart(text, start);
    if (cs !== clauseAt) {
      clauseAt = cs;
      clauseHasCount = false;
      percentUnits.length = 0;
    }
    const isPercent = !!m[3];
    const ofRaw = m[4];
    const after = text.slice(end);
    let unit: string | null = null;
    let unitWord: string | null = null;
    let value = parseNumber(m[1], isPercent);
    let of: number | undefined;
    if (isPercent) {
      if (THRESHOLD_BEFORE.test(before) && clauseHasCount) continue;
      unit = '%';
      const w = /^\s*([\p{L}]+)/u.exec(after);
      if (w) percentUnits.push(w[1].toLowerCase());
    } else {
      if (NOT_STAT_BEFORE.test(before) && !RANK_CUES.test(before)) continue;
      if (/^\s*\d/.test(after) || /^[.,]\d/.test(after)) continue;
      if (PERIOD_AFTER.test(after)) continue;
      // a time of day: "7 giờ 30 phút", "đến 17 giờ"
      if (CLOCK_MINUTES.test(after) || (CLOCK_BEFORE.test(before) && CLOCK_AFTER.test(after))) continue;
      if (ofRaw) {
        of = parseNumber(ofRaw);
        if (of < value && !RANK_CUES.test(before)) continue;
        if (of >= 1900 && of <= 2100 && value <= 12) continue; // "5/2023": a month
      }
      const u = unitAfter(after);
      if (RANK_CUES.test(before)) {
        unit = 'hạng';
      } else if (u) {
        unit = u.unit;
        unitWord = u.word;
        end += u.len;
      } else {
        const w = /^\s*([\p{L}]+)/u.exec(after);
        if (w && percentUnits.includes(w[1].toLowerCase())) unit = '%'; // "70% cấp sở, 30% cấp huyện, 20 cấp xã"
        else if (ofRaw) unit = 'đơn vị';
        else continue;
      }
      if (ofRaw || unit !== '%') clauseHasCount = true;
    }
    if (!Number.isFinite(value)) continue;
    if (m[2] && isPercent) value = parseNumber(m[1], true);
    const at = lineAt(flow, start);
    const stat: StatisticT = {
      page: at.page,
      line: at.line,
      text: text.slice(start, end).trim(),
      value,
      unit: unit!,
      subject: subjectOf(text, start, end, unitWord),
    };
    if (of !== undefined) stat.of = of;
    out.push(stat);
  }
  return out;
}

// Directives as an iCalendar feed (RFC 5545): one all-day VEVENT per dated deadline, recurring ones with RRULE.
import type { DirectiveView } from '../store/types.js';

const TEXT_ESCAPES: Record<string, string> = { '\\': '\\\\', ';': '\\;', ',': '\\,', '\n': '\\n', '\r\n': '\\n', '\r': '\\n' };

/** TEXT value escaping (RFC 5545 3.3.11); other control characters are dropped. One pass over the text. */
export function icsText(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/\r\n?|[\\;,\n]|[\u0000-\u0009\u000b-\u001f\u007f]/g, (m) => TEXT_ESCAPES[m] ?? ' ');
}

/** Folds a content line at 75 octets (continuations start with one space), never inside a UTF-8 sequence. */
export function foldLine(line: string): string {
  // at most 3 octets per UTF-16 unit (a surrogate pair is 4 octets for 2 units)
  if (line.length * 3 <= 75) return line;
  const parts: string[] = [];
  let start = 0;
  let octets = 0;
  let limit = 75;
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    const pair = c >= 0xd800 && c <= 0xdbff && i + 1 < line.length;
    const n = c < 0x80 ? 1 : c < 0x800 ? 2 : pair ? 4 : 3;
    if (octets + n > limit) {
      parts.push(line.slice(start, i));
      start = i;
      octets = 0;
      limit = 74; // the leading space counts
    }
    octets += n;
    if (pair) i++;
  }
  parts.push(line.slice(start));
  return parts.join('\r\n ');
}

const basicDate = (iso: string) => iso.slice(0, 10).replace(/-/g, '');

/** UTC date-time in basic format, e.g. 20251030T081500Z. */
export function icsDateTime(iso: string): string {
  const d = new Date(iso);
  const t = Number.isNaN(d.getTime()) ? new Date(0) : d;
  return t.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

function nextDay(iso: string): string {
  const d = new Date(`${iso.slice(0, 10)}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

// A recurrence we pass on: FREQ first, then NAME=value parts of safe characters only.
const RRULE = /^FREQ=(SECONDLY|MINUTELY|HOURLY|DAILY|WEEKLY|MONTHLY|YEARLY)(;[A-Z]+=[A-Z0-9,+\-:]+)*$/;
const WEEKDAYS = ['SU', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA'];

export function normaliseRule(rule: string | undefined): string | null {
  if (!rule) return null;
  const r = rule.trim().replace(/^RRULE:/i, '').toUpperCase();
  return RRULE.test(r) ? r : null;
}

/** The first day on or after `from` that a weekly BYDAY rule hits (DTSTART should be an occurrence). */
function firstOccurrence(rule: string, from: string): string {
  const byday = /(?:^|;)BYDAY=([A-Z0-9,+-]+)/.exec(rule)?.[1];
  if (!/FREQ=WEEKLY/.test(rule) || !byday) return from;
  const days = new Set(byday.split(',').map((d) => WEEKDAYS.indexOf(d)).filter((d) => d >= 0));
  if (!days.size) return from;
  let d = from;
  for (let i = 0; i < 7 && !days.has(new Date(`${d}T00:00:00Z`).getUTCDay()); i++) d = nextDay(d);
  return d;
}

export interface IcsOptions {
  /** calendar name shown by clients */
  name?: string;
  /** domain part of the event UIDs */
  uidDomain?: string;
  /** link to a directive, for the event's URL */
  directiveUrl?: (id: string) => string;
}

function summary(d: DirectiveView): string {
  const lead = d.assignees.find((a) => a.role === 'lead')?.agency;
  const text = d.text.length > 140 ? `${d.text.slice(0, 139)}…` : d.text;
  return `${d.status === 'done' ? '✓ ' : ''}${lead ? `${lead}: ` : ''}${text}`;
}

function description(d: DirectiveView): string {
  const lines = [d.text, ''];
  if (d.deadline) lines.push(`Thời hạn: ${d.deadline.text}`);
  const lead = d.assignees.filter((a) => a.role === 'lead').map((a) => a.agency);
  const coop = d.assignees.filter((a) => a.role === 'cooperate').map((a) => a.agency);
  if (lead.length) lines.push(`Chủ trì: ${lead.join('; ')}`);
  if (coop.length) lines.push(`Phối hợp: ${coop.join('; ')}`);
  const doc = [d.document.number, d.document.title].filter(Boolean).join(' – ');
  lines.push(`Văn bản: ${doc || d.document.doc}${d.section ? ` (mục ${d.section})` : ''}`);
  lines.push(`Trạng thái: ${d.status}${d.status_note ? ` – ${d.status_note}` : ''}`);
  return lines.join('\n');
}

/** The VEVENT lines of one directive, or none when it has no date and no usable recurrence. */
export function icsEvent(d: DirectiveView, opts: IcsOptions = {}): string[] {
  const rule = d.deadline?.kind === 'recurring' ? normaliseRule(d.deadline.rule) : null;
  let start: string | null = d.deadline?.date ?? null;
  if (!start && rule) start = firstOccurrence(rule, (d.document.date ?? d.updated_at).slice(0, 10));
  if (!start) return [];
  const stamp = icsDateTime(d.updated_at);
  const out = [
    'BEGIN:VEVENT',
    `UID:${d.id}@${opts.uidDomain ?? 'vanban'}`,
    `DTSTAMP:${stamp}`,
    `LAST-MODIFIED:${stamp}`,
    `DTSTART;VALUE=DATE:${basicDate(start)}`,
    `DTEND;VALUE=DATE:${basicDate(nextDay(start))}`,
  ];
  if (rule) out.push(`RRULE:${rule}`);
  out.push(
    `SUMMARY:${icsText(summary(d))}`,
    `DESCRIPTION:${icsText(description(d))}`,
    `CATEGORIES:${icsText(d.status)}`,
    'TRANSP:TRANSPARENT',
  );
  if (opts.directiveUrl) out.push(`URL:${opts.directiveUrl(d.id)}`);
  out.push('END:VEVENT');
  return out;
}

/** The whole calendar, CRLF line ends, lines folded at 75 octets. */
export function toIcs(directives: Iterable<DirectiveView>, opts: IcsOptions = {}): string {
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//vanban//directives//VI',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    `X-WR-CALNAME:${icsText(opts.name ?? 'vanban: thời hạn nhiệm vụ')}`,
  ];
  for (const d of directives) lines.push(...icsEvent(d, opts));
  lines.push('END:VCALENDAR');
  return lines.map(foldLine).join('\r\n') + '\r\n';
}

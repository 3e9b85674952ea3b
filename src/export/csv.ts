// Directives as CSV (RFC 4180) for spreadsheets: UTF-8 with a BOM so Excel reads Vietnamese right.
import type { DirectiveView } from '../store/types.js';

export const CSV_COLUMNS = [
  'id', 'document_id', 'document_number', 'document_title', 'section', 'page', 'line', 'text',
  'lead', 'cooperate', 'deadline_date', 'deadline_kind', 'deadline_text', 'status', 'status_note', 'updated_at',
] as const;

/**
 * One field, quoted when it holds a quote, comma or line break. A text field that begins like a
 * spreadsheet formula (= + - @) gets a leading apostrophe so that Excel shows it instead of evaluating it.
 */
export function csvField(v: string | number | null | undefined): string {
  if (v === null || v === undefined) return '';
  let s = String(v);
  if (typeof v === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvRow(d: DirectiveView): string {
  const names = (role: 'lead' | 'cooperate') => d.assignees.filter((a) => a.role === role).map((a) => a.agency).join('; ');
  const cells: (string | number | null)[] = [
    d.id, d.document_id, d.document.number, d.document.title, d.section, d.page, d.line, d.text,
    names('lead'), names('cooperate'), d.deadline?.date ?? null, d.deadline?.kind ?? null, d.deadline?.text ?? null,
    d.status, d.status_note, d.updated_at,
  ];
  return cells.map(csvField).join(',');
}

export const CSV_BOM = '\uFEFF';

/** The whole file: BOM, header, one CRLF-terminated record per directive. */
export function toCsv(directives: Iterable<DirectiveView>): string {
  const out = [CSV_BOM + CSV_COLUMNS.join(',')];
  for (const d of directives) out.push(csvRow(d));
  return out.join('\r\n') + '\r\n';
}

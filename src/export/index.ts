// Exports for tracking tools: every directive matching the filters, read from the store page by page.
import type { DirectiveCursor, DirectiveFilters, DirectiveView, Store } from '../store/types.js';

// undated directives sort last under this key (the store's order)
const NO_DATE = '9999-12-31';
import { toCsv } from './csv.js';
import { toIcs, type IcsOptions } from './ics.js';

export const EXPORT_FORMATS = ['csv', 'ics', 'json'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** At most this many directives go into one export. */
export const EXPORT_MAX = 100_000;
const PAGE = 1000;

export async function collectDirectives(store: Store, filters: DirectiveFilters, max = EXPORT_MAX): Promise<{ items: DirectiveView[]; total: number }> {
  // Keyset paging: each page starts after the last one's sort key, so a deep page costs no more than the first.
  const items: DirectiveView[] = [];
  let after: DirectiveCursor | undefined;
  let total = 0;
  while (items.length < max) {
    const want = Math.min(PAGE, max - items.length);
    const page = await store.listDirectives(filters, { limit: want, offset: 0, after });
    if (!after) total = page.total;
    items.push(...page.items);
    if (page.items.length < want) return { items, total: items.length };
    const last = page.items[page.items.length - 1];
    after = { due: last.deadline?.date ?? NO_DATE, document_id: last.document_id, seq: last.seq };
  }
  // stopped at max: the count (possibly a lower bound) tells how many matched
  return { items, total: Math.max(total, items.length) };
}

export const EXPORT_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  ics: 'text/calendar; charset=utf-8',
  json: 'application/json; charset=utf-8',
};

export function renderExport(format: ExportFormat, items: DirectiveView[], total: number, icsOptions: IcsOptions = {}): string {
  if (format === 'csv') return toCsv(items);
  if (format === 'ics') return toIcs(items, icsOptions);
  return JSON.stringify({ generated_at: new Date().toISOString(), total, count: items.length, items }, null, 2) + '\n';
}

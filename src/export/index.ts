// Exports for tracking tools: every directive matching the filters, read from the store page by page.
import type { DirectiveFilters, DirectiveView, Store } from '../store/types.js';
import { toCsv } from './csv.js';
import { toIcs, type IcsOptions } from './ics.js';

export const EXPORT_FORMATS = ['csv', 'ics', 'json'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** At most this many directives go into one export. */
export const EXPORT_MAX = 100_000;

export async function collectDirectives(store: Store, filters: DirectiveFilters, max = EXPORT_MAX): Promise<{ items: DirectiveView[]; total: number }> {
  const items: DirectiveView[] = [];
  let total: number | undefined;
  for await (const page of store.allDirectives(filters, { max })) {
    total ??= page.total;
    items.push(...page.items);
    // a short page is the last: everything that matched is here
    if (page.items.length < page.limit) return { items, total: items.length };
  }
  // stopped at max: the count (possibly a lower bound) tells how many matched
  return { items, total: Math.max(total ?? 0, items.length) };
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

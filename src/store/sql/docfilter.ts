// The document filters (kind, issuer, date range) as one SQL condition, shared by the document list, the
// search and the directive lists.
import { fold } from '../../text/fold.js';
import { words } from '../search.js';
import type { Param, SqlExecutor } from './executor.js';

/** Which notices: kind and issuer by their words (diacritics and case optional), the document's date in a range. */
export interface DocumentFilters {
  /** the kind (doc_type) has these words, in this order ("thong bao" matches "thông báo kết luận") */
  doc_type?: string;
  /** the issuer's name has these words, in this order ("uy ban nhan dan huyen son lam") */
  issuer?: string;
  /** the document's date (`date`, as the list shows it) on or after this YYYY-MM-DD */
  date_from?: string;
  /** ... on or before this YYYY-MM-DD */
  date_to?: string;
}

/** Folded words with a space on each side: a whole-word substring test is then `includes`. */
const wordKey = (s: string) => ` ${words(fold(s)).join(' ')} `;

/**
 * The documents (as `alias`) that match the filters, as one SQL condition ('' when there is no filter),
 * or null when no document can match. Kind and issuer are matched here on the folded words of their
 * distinct stored values (few: a handful of kinds, an office's issuers), so the test follows corrections
 * and needs no folded column; the values that match are then an IN list.
 */
export async function documentCondition(db: SqlExecutor, f: DocumentFilters, alias: string): Promise<{ sql: string; params: Param[] } | null> {
  const conds: string[] = [];
  const params: Param[] = [];
  for (const col of ['doc_type', 'issuer'] as const) {
    const q = f[col];
    if (q === undefined) continue;
    const want = wordKey(q);
    if (!want.trim()) continue;
    const values = (await db.all<{ v: string }>(`SELECT DISTINCT ${col} AS v FROM documents WHERE ${col} IS NOT NULL`))
      .map((r) => r.v)
      .filter((v) => wordKey(v).includes(want));
    if (!values.length) return null;
    conds.push(`${alias}.${col} IN (SELECT value FROM json_each(?))`);
    params.push(JSON.stringify(values));
  }
  if (f.date_from) {
    conds.push(`${alias}.date >= ?`);
    params.push(f.date_from);
  }
  if (f.date_to) {
    conds.push(`${alias}.date <= ?`);
    params.push(f.date_to);
  }
  return { sql: conds.join(' AND '), params };
}

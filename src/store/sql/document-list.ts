// The document list's options: filters, paging and the sort keys a request may name. Apart from
// ./documents.ts so that the Store contract (../types.ts) can name them without importing the SQL.
import type { DocumentFilters } from './docfilter.js';

export const DOCUMENT_SORTS = ['created', 'date', 'number', 'issuer', 'doc_type', 'directives'] as const;
export type DocumentSort = (typeof DOCUMENT_SORTS)[number];

export interface DocumentListOptions extends DocumentFilters {
  limit: number;
  offset: number;
  /** only documents a signer or organisation of this name signed (folded substring) */
  signed_by?: string;
  /** default created (newest first) */
  sort?: DocumentSort;
  /** default desc for created, date and directives, asc for the others */
  order?: 'asc' | 'desc';
}

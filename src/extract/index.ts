// Extract stage: repaired lines -> NoticeRecord.
// Minimal version (foundation): metadata left null, no directives. The full extractor replaces it.
import { NoticeRecord, type NoticeRecordT, type TextLineT } from '../record.js';

export interface ExtractOptions {
  id: string;
  doc: string;
}

export async function extract(_lines: TextLineT[], options: ExtractOptions): Promise<NoticeRecordT> {
  return NoticeRecord.parse({
    id: options.id,
    doc: options.doc,
    doc_type: null,
    title: null,
    issuer: null,
    date: null,
    references: [],
    directives: [],
    statistics: [],
  });
}

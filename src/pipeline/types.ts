// The pipeline's shared types and its order, visible in one place:
// ingest -> ocr -> repair -> extract -> store. Each stage is a typed async function.
import type { DigitalSignatureT, NoticeRecordT, TextLineT } from '../record.js';

export interface SourceFile {
  bytes: Uint8Array;
  filename: string;
  /** declared media type (HTTP Content-Type); the sniffed type wins */
  declaredType?: string;
}

export type MediaType =
  | 'text/plain'
  | 'application/pdf'
  | 'image/png'
  | 'image/jpeg'
  | 'image/tiff'
  | 'image/webp';

/** One page after ingest: text (from a text file or a trusted PDF text layer) or an image to OCR. */
export interface IngestedPage {
  number: number;
  kind: 'text' | 'image';
  /** the page text when kind is 'text' */
  text?: string;
  /** the page's pixels when kind is 'image' */
  image?: PageImage;
  /** a PDF text layer judged too poor to trust, kept as a hint for OCR/repair */
  hint?: string;
  dpi?: number;
}

/** A page image as 8-bit grey pixels at the scan's own resolution, decoded once by ingest. */
export interface PageImage {
  width: number;
  height: number;
  /** width x height bytes, row by row, not to be changed (a long document's later pages are decoded again on each call) */
  pixels(): Promise<Uint8Array>;
  /** bytes this page holds in memory (its pixels, or its encoded form), for callers that keep documents */
  heldBytes: number;
}

export interface IngestedDocument {
  /** first 16 hex digits of sha256 of the original bytes */
  id: string;
  sha256: string;
  filename: string;
  mediaType: MediaType;
  bytes: Uint8Array;
  pages: IngestedPage[];
  /** true when any page needs OCR (the server answers 202 with a job for these) */
  needsOcr: boolean;
  /** digital signatures of a PDF, in file order (the first is usually the issuer's) */
  signatures?: DigitalSignatureT[];
}

export interface OcrPage {
  number: number;
  source: 'text' | 'text-layer' | 'ocr';
  lines: TextLineT[];
  /** the size of the page image OCR read (the space of its word boxes); absent for text pages */
  width?: number;
  height?: number;
}

export interface OcrDocument {
  pages: OcrPage[];
}

export interface Progress {
  stage: 'ingest' | 'ocr' | 'repair' | 'extract' | 'store';
  done: number;
  total: number;
  message?: string;
}
export type OnProgress = (p: Progress) => void;

/** Lines of all pages, numbered through the whole document (1-based), as extraction sees them. */
export function flattenLines(doc: OcrDocument): TextLineT[] {
  const out: TextLineT[] = [];
  for (const page of doc.pages) for (const l of page.lines) out.push({ ...l, line: out.length + 1 });
  return out;
}

export type { NoticeRecordT, TextLineT };

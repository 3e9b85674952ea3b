// Ingest stage: bytes -> typed pages. Text is decoded here; PDFs and images go to their own modules.
import type { Limits } from '../config.js';
import { badRequest, tooLarge, unsupported } from '../errors.js';
import type { IngestedDocument, IngestedPage, MediaType, SourceFile } from '../pipeline/types.js';
import { readPdfSignatures } from './signature.js';
import { sniff } from './sniff.js';
import { invalidUtf8, isBlankText, isUtf8, lazyTextPage } from './text.js';

export interface IngestOptions {
  limits: Limits;
  /** Media types this runtime can read (the Worker has no OCR); default: all. */
  accept?: (type: MediaType) => boolean;
  /** Loaders for non-text types; the Node entry wires the PDF and image readers here. */
  readers?: Partial<Record<Exclude<MediaType, 'text/plain'>, PageReader>>;
}

export type PageReader = (bytes: Uint8Array, limits: Limits) => Promise<IngestedPage[]>;

/** Declared content types we accept at all; anything else is refused before sniffing. */
const DECLARED_OK = /^(text\/plain|application\/pdf|image\/(png|jpeg|jpg|tiff|webp)|application\/octet-stream)$/i;

export function checkDeclaredType(declared: string | undefined): void {
  if (!declared) return;
  const base = declared.split(';')[0].trim();
  if (base && !DECLARED_OK.test(base)) {
    throw unsupported('unsupported_type', `unsupported content type "${base}": send text/plain (UTF-8), application/pdf or an image (PNG, JPEG, TIFF, WebP)`);
  }
}

export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", bytes as Uint8Array<ArrayBuffer>);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

export async function ingest(file: SourceFile, options: IngestOptions): Promise<IngestedDocument> {
  const { bytes } = file;
  if (bytes.length === 0) throw badRequest('empty_file', 'the file is empty (0 bytes)');
  if (bytes.length > options.limits.maxUploadBytes) {
    throw tooLarge(`the file is ${bytes.length} bytes; the limit is ${options.limits.maxUploadBytes} bytes`);
  }
  checkDeclaredType(file.declaredType);
  const kind = sniff(bytes);
  if (kind === 'text/utf-16') {
    throw unsupported('utf16_text', 'UTF-16 text is not supported; save the notice as UTF-8 and upload again');
  }
  if (kind === 'application/x-binary') {
    throw unsupported('binary_data', 'the bytes are neither UTF-8 text, a PDF nor a supported image (PNG, JPEG, TIFF, WebP)');
  }
  if (options.accept && !options.accept(kind)) {
    throw unsupported('unsupported_here', `${kind} cannot be read by this service (no OCR here); send it to the Node OCR service`);
  }
  const sha256 = await sha256Hex(bytes);
  let pages: IngestedPage[];
  if (kind === 'text/plain') {
    if (!isUtf8(bytes)) throw invalidUtf8();
    if (isBlankText(bytes)) throw badRequest('empty_text', 'the text holds only white space');
    pages = [lazyTextPage(bytes)];
  } else {
    const reader = options.readers?.[kind];
    if (!reader) throw unsupported('unsupported_here', `${kind} cannot be read by this service`);
    pages = await reader(bytes, options.limits);
    if (pages.length > options.limits.maxPages) {
      throw tooLarge(`the document has ${pages.length} pages; the limit is ${options.limits.maxPages}`);
    }
  }
  return {
    id: sha256.slice(0, 16),
    sha256,
    filename: file.filename || 'upload',
    mediaType: kind,
    bytes,
    pages,
    needsOcr: pages.some((p) => p.kind === 'image'),
    signatures: kind === 'application/pdf' ? readPdfSignatures(bytes) : [],
  };
}

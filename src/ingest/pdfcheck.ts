// PDF failures and limits, shared by the Node reader and the Worker's text-layer reader.
import type { Limits } from '../config.js';
import { tooLarge, unprocessable, VanbanError } from '../errors.js';

/** First line of an error's message (pdfjs messages can run long). */
export const errorText = (e: unknown) => String((e as Error)?.message ?? e).split('\n')[0];

/** A pdfjs failure to open a document, as a clear 422. */
export function pdfError(e: unknown): VanbanError {
  if (e instanceof VanbanError) return e;
  const name = (e as Error)?.name ?? '';
  if (name === 'PasswordException') {
    return unprocessable('encrypted_pdf', 'the PDF is password-protected; upload an unprotected copy');
  }
  if (name === 'InvalidPDFException') return unprocessable('invalid_pdf', `the file is not a readable PDF: ${errorText(e)}`);
  return unprocessable('corrupt_pdf', `the PDF cannot be read: ${errorText(e)}`);
}

/** Refuses a PDF with no pages (422) or more than the page limit (413), before any page is read. */
export function checkPageCount(n: number, limits: Limits): void {
  if (n === 0) throw unprocessable('empty_pdf', 'the PDF has no pages');
  if (n > limits.maxPages) throw tooLarge(`the PDF has ${n} pages; the limit is ${limits.maxPages} pages`);
}

/**
 * Waits for pdfjs to open a document and checks its page count; on failure the loading task is
 * destroyed and a clear error thrown. On success the caller owns the task (and destroys it).
 */
export async function openPdf<D extends { numPages: number }>(
  task: { promise: Promise<D>; destroy(): Promise<void> },
  limits: Limits,
): Promise<D> {
  try {
    const doc = await task.promise;
    checkPageCount(doc.numPages, limits);
    return doc;
  } catch (e) {
    await task.destroy().catch(() => undefined);
    throw pdfError(e);
  }
}

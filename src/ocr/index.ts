// OCR stage: pages -> lines. Text pages pass through; image pages go to the OCR engine
// the caller provides (tesseract.js in Node; none in the Worker).
import { unsupported } from '../errors.js';
import type { IngestedDocument, IngestedPage, OcrDocument, OcrPage, OnProgress } from '../pipeline.js';
import { splitLines } from '../ingest/text.js';

export type PageRecognizer = (page: IngestedPage) => Promise<OcrPage>;

export interface OcrOptions {
  recognize?: PageRecognizer;
  onProgress?: OnProgress;
}

export function textPage(number: number, text: string, source: OcrPage['source']): OcrPage {
  return {
    number,
    source,
    lines: splitLines(text).map((t, i) => ({ page: number, line: i + 1, text: t })),
  };
}

export async function ocr(doc: IngestedDocument, options: OcrOptions = {}): Promise<OcrDocument> {
  const pages: OcrPage[] = [];
  const total = doc.pages.length;
  for (const page of doc.pages) {
    if (page.kind === 'text') {
      pages.push(textPage(page.number, page.text ?? '', doc.mediaType === 'text/plain' ? 'text' : 'text-layer'));
    } else {
      if (!options.recognize) throw unsupported('no_ocr', 'this service has no OCR engine; send scans to the Node OCR service');
      pages.push(await options.recognize(page));
    }
    options.onProgress?.({ stage: 'ocr', done: pages.length, total });
  }
  return { pages };
}

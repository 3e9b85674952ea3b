// OCR stage: pages -> lines. Text pages pass through; image pages go to the OCR engine
// the caller provides (tesseract.js in Node; none in the Worker).
import { unsupported } from '../errors.js';
import type { IngestedDocument, IngestedPage, OcrDocument, OcrPage, OnProgress } from '../pipeline/types.js';
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
  const total = doc.pages.length;
  const pages: OcrPage[] = new Array(total);
  let done = 0;
  let failed: unknown = null;
  // Pages go to the recognizer together so a pool of N workers reads N pages at once; the pool
  // bounds the work in flight. Order is kept by index; progress counts pages finished.
  await Promise.all(
    doc.pages.map(async (page, i) => {
      try {
        if (page.kind === 'text') {
          pages[i] = textPage(page.number, page.text ?? '', doc.mediaType === 'text/plain' ? 'text' : 'text-layer');
        } else {
          if (!options.recognize) throw unsupported('no_ocr', 'this service has no OCR engine; send scans to the Node OCR service');
          if (failed) return;
          const read = await options.recognize(page);
          // the boxes OCR gives refer to this image: its size lets a client place them on the page
          pages[i] = page.image ? { ...read, width: page.image.width, height: page.image.height } : read;
        }
        if (!failed) options.onProgress?.({ stage: 'ocr', done: ++done, total });
      } catch (e) {
        failed ??= e;
      }
    }),
  );
  if (failed) throw failed;
  return { pages };
}

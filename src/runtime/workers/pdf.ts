// PDFs in the Worker: the text layer only (pdfjs-dist, its worker run in the same isolate). A page
// without a trustworthy layer needs OCR, which runs in the Node service: the upload is refused (415).
import { VanbanError } from '../../errors.js';
import type { PageReader } from '../../ingest/index.js';
import { openPdf } from '../../ingest/pdfcheck.js';
import { judgeTextLayer, linesFromItems, type TextItem } from '../../ingest/textlayer.js';
import type { IngestedPage } from '../../pipeline/types.js';

type PdfJs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');

class IdentityMatrix {
  a = 1; b = 0; c = 0; d = 1; e = 0; f = 0;
}

// Loaded on the first PDF, so other requests never pay for parsing pdfjs (~2.7 MB of code).
let pdfjs: Promise<PdfJs> | null = null;
function loadPdfJs(): Promise<PdfJs> {
  return (pdfjs ??= (async () => {
    // pdfjs builds one DOMMatrix when it loads (for canvas rendering, which never happens here); workerd
    // has no DOMMatrix: an identity stand-in is enough for reading text
    (globalThis as { DOMMatrix?: unknown }).DOMMatrix ??= IdentityMatrix;
    // with nodejs_compat pdfjs takes workerd for Node and logs that its legacy build suits Node better;
    // that build needs Node's canvas, so the browser build stays and that one line is dropped
    const warn = console.warn;
    console.warn = (...args: unknown[]) => {
      if (!String(args[0]).includes('`legacy` build')) warn(...args);
    };
    try {
      // @ts-expect-error: the worker module has no type declarations
      const worker = await import('pdfjs-dist/build/pdf.worker.mjs');
      // no Web Workers here: pdfjs runs its worker code on this thread when it finds it on globalThis
      (globalThis as { pdfjsWorker?: unknown }).pdfjsWorker = worker;
      // the browser build has the legacy build's API (and types)
      return (await import('pdfjs-dist/build/pdf.mjs' as string)) as PdfJs;
    } finally {
      console.warn = warn;
    }
  })());
}

export class NeedsOcr extends VanbanError {
  constructor(detail: string) {
    super(415, 'needs_ocr', detail);
  }
}

export const readPdfTextLayer: PageReader = async (bytes, limits) => {
  const lib = await loadPdfJs();
  const task = lib.getDocument({
    data: new Uint8Array(bytes),
    // no font files here (text needs none): 'system fonts' keeps pdfjs from fetching the standard ones
    useSystemFonts: true,
    disableFontFace: true,
    isEvalSupported: false,
    stopAtErrors: true,
    verbosity: 0,
  });
  const doc = await openPdf(task, limits);
  try {
    const n = doc.numPages;
    const pages: IngestedPage[] = [];
    for (let i = 1; i <= n; i++) {
      const page = await doc.getPage(i);
      try {
        const items = (await page.getTextContent()).items.filter((it) => 'str' in it) as unknown as TextItem[];
        const lines = linesFromItems(items, page.getViewport({ scale: 1 }).width);
        const text = lines.join('\n');
        if (!lines.length) throw new NeedsOcr(`page ${i} of ${n} of the PDF is a scan (no text layer)`);
        if (!judgeTextLayer(text).usable) throw new NeedsOcr(`page ${i} of ${n} of the PDF has a text layer too poor to trust (a scanner's OCR)`);
        pages.push({ number: i, kind: 'text', text: text + '\n' });
      } finally {
        page.cleanup();
      }
    }
    return pages;
  } finally {
    await task.destroy().catch(() => undefined);
  }
};

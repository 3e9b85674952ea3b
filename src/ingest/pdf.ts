// PDF pages with pdfjs-dist: a trusted text layer gives the text (no OCR); otherwise the page becomes an
// image for OCR: the embedded scan at its own resolution when the page is one image, else a 300 dpi render.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Limits } from '../config.js';
import { unprocessable, VanbanError } from '../errors.js';
import type { IngestedPage } from '../pipeline/types.js';
import type { PageReader } from './index.js';
import { extractPageImage } from './pdfimage.js';
import { errorText, openPdf } from './pdfcheck.js';
import { budgetedImage, greyOfRaw, PixelBudget, type GreyPixels } from './pixels.js';
import { judgeTextLayer, linesFromItems, type TextItem } from './textlayer.js';

const RENDER_DPI = 300;
/** share of the page height a trusted text layer must span on a page that is also a scan */
const MIN_LAYER_COVERAGE = 0.4;

type PdfJs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');
let pdfjsPromise: Promise<PdfJs> | null = null;
const pdfjs = () => (pdfjsPromise ??= import('pdfjs-dist/legacy/build/pdf.mjs'));

function assetDirs() {
  const root = dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));
  // pdfjs in Node reads these as file paths; they must end with a slash
  return {
    standardFontDataUrl: join(root, 'standard_fonts') + '/',
    cMapUrl: join(root, 'cmaps') + '/',
    wasmUrl: join(root, 'wasm') + '/',
  };
}

export const readPdf: PageReader = (bytes, limits) => readPdfPages(bytes, limits);

/** readPdf with the decoded-pixel budget of the document given (tests use a small one). */
export async function readPdfPages(bytes: Uint8Array, limits: Limits, budget = new PixelBudget()): Promise<IngestedPage[]> {
  const lib = await pdfjs();
  // pdfjs takes ownership of (detaches) the buffer it is given: hand it a copy
  const task = lib.getDocument({
    data: new Uint8Array(bytes),
    ...assetDirs(),
    cMapPacked: true,
    useSystemFonts: false,
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
      try {
        pages.push(await readPage(doc, i, limits.maxImagePixels, budget));
      } catch (e) {
        if (e instanceof VanbanError) throw e;
        throw unprocessable('corrupt_pdf', `page ${i} of ${n} of the PDF cannot be read: ${errorText(e)}`);
      }
    }
    return pages;
  } finally {
    await task.destroy().catch(() => undefined);
  }
}

type PdfDoc = Awaited<ReturnType<PdfJs['getDocument']>['promise']>;

/**
 * One page's pixels for display (page images of the review): the image OCR read for a scanned page (its
 * embedded scan, else the 300 dpi render), so OCR's word boxes fall where they belong; a text page is rendered.
 */
export async function readPdfPageImage(bytes: Uint8Array, number: number, limits: Limits): Promise<GreyPixels> {
  const lib = await pdfjs();
  const task = lib.getDocument({
    data: new Uint8Array(bytes), ...assetDirs(), cMapPacked: true, useSystemFonts: false, disableFontFace: true, isEvalSupported: false, verbosity: 0,
  });
  const doc = await openPdf(task, limits);
  try {
    const page = await doc.getPage(number);
    try {
      return ((await extractPageImage(page, limits.maxImagePixels)) ?? (await renderPage(page, limits.maxImagePixels))).grey;
    } finally {
      page.cleanup();
    }
  } finally {
    await task.destroy().catch(() => undefined);
  }
}

async function readPage(doc: PdfDoc, number: number, maxPixels: number, budget: PixelBudget): Promise<IngestedPage> {
  const page = await doc.getPage(number);
  try {
    const base = page.getViewport({ scale: 1 });
    const content = await page.getTextContent();
    const items = content.items.filter((it) => 'str' in it) as unknown as TextItem[];
    const lines = linesFromItems(items, base.width);
    const text = lines.join('\n');
    const usable = lines.length > 0 && judgeTextLayer(text).usable;
    // A layer that covers the page is the page's text. On a scan, a layer over a corner only (the
    // e-signature stamp some signing tools write as page text, a header) is not: the scan is read.
    const covers = usable && layerCoverage(items, base.height) >= MIN_LAYER_COVERAGE;
    if (covers) return { number, kind: 'text', text: text + '\n' };
    const hint = lines.length ? text : undefined;
    const embedded = await extractPageImage(page, maxPixels);
    if (usable && !embedded) return { number, kind: 'text', text: text + '\n' };
    // its own pixels, even at 150 dpi: a render would only resample them (OCR upscales low-dpi pages itself)
    if (embedded) return { number, kind: 'image', image: await budgetedImage(embedded.grey, budget), dpi: embedded.dpi, hint };
    const rendered = await renderPage(page, maxPixels);
    return { number, kind: 'image', image: await budgetedImage(rendered.grey, budget), dpi: rendered.dpi, hint };
  } finally {
    page.cleanup();
  }
}

/** Share of the page height between the layer's first and last baselines. */
export function layerCoverage(items: TextItem[], pageHeight: number): number {
  const ys = items.filter((it) => it.str.trim() !== '' && it.transform?.length === 6).map((it) => it.transform[5]);
  if (ys.length < 2 || pageHeight <= 0) return 0;
  return (Math.max(...ys) - Math.min(...ys)) / pageHeight;
}

async function renderPage(page: Awaited<ReturnType<PdfDoc['getPage']>>, maxPixels: number): Promise<{ grey: GreyPixels; dpi: number }> {
  const { createCanvas } = await import('@napi-rs/canvas');
  const base = page.getViewport({ scale: 1 });
  let scale = RENDER_DPI / 72;
  // a poster-sized page would exceed the pixel limit at 300 dpi: render it smaller
  const cap = Math.min(maxPixels, 60_000_000);
  if (base.width * base.height * scale * scale > cap) scale = Math.sqrt(cap / (base.width * base.height));
  const viewport = page.getViewport({ scale });
  const canvas = createCanvas(Math.ceil(viewport.width), Math.ceil(viewport.height));
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  // without annotations: e-signature stamps and form widgets drawn over the page are not its text
  const { AnnotationMode } = await pdfjs();
  await page.render({ canvas: canvas as never, canvasContext: ctx as never, viewport, annotationMode: AnnotationMode.DISABLE }).promise;
  // the canvas is opaque (white first), so its premultiplied RGBA is plain RGBA
  return { grey: await greyOfRaw(canvas.data(), canvas.width, canvas.height, 4), dpi: Math.round(scale * 72) };
}

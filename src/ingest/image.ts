// Image pages (PNG, JPEG, TIFF incl. multi-page, WebP) for OCR, decoded with sharp.
// Declared sizes are checked from the header BEFORE any pixel is decoded (image bombs).
// Policy: a multi-page TIFF with a page that cannot be decoded is refused whole (422 naming the page),
// so a notice is never stored with a page silently missing.
// Each page is decoded once, to grey pixels handed to OCR as they are (src/ingest/pixels.ts).
import sharp from 'sharp';
import type { Limits } from '../config.js';
import { tooLarge, unprocessable, VanbanError } from '../errors.js';
import type { IngestedPage, PageImage } from '../pipeline/types.js';
import type { PageReader } from './index.js';
import { heldImage, lazyImage, PixelBudget, toGrey, type GreyPixels } from './pixels.js';

/** Pages whose DPI is unknown or implausible are taken as A4 portrait (8.27 in wide). */
const A4_WIDTH_IN = 8.27;

/**
 * Pages above this many pixels are downscaled while they are decoded (JPEG shrinks on load; others
 * stream through libvips), so a 12,000 x 9,000 phone photo holds no more memory than a 600 dpi A4 scan.
 * 36 M pixels keep an A4 page at ~600 dpi: far more than OCR reads at.
 */
const READ_PIXELS = 36_000_000;

/** The scale a page is decoded at: 1, or less for a page above READ_PIXELS. */
export function decodeScale(width: number, height: number): number {
  const px = width * height;
  return px > READ_PIXELS ? Math.sqrt(READ_PIXELS / px) : 1;
}

export const readImage: PageReader = (bytes, limits) => readImagePages(bytes, limits);

/** readImage with the decoded-pixel budget of the document given (tests use a small one). */
export async function readImagePages(bytes: Uint8Array, limits: Limits, budget = new PixelBudget()): Promise<IngestedPage[]> {
  const head = await metadataOf(bytes, 0);
  const pageCount = Math.max(1, head.pages ?? 1);
  if (pageCount > limits.maxPages) {
    throw tooLarge(`the image has ${pageCount} pages; the limit is ${limits.maxPages} pages`);
  }
  const pages: IngestedPage[] = [];
  for (let i = 0; i < pageCount; i++) {
    const meta = i === 0 ? head : await metadataOf(bytes, i, pageCount);
    checkPixels(meta.width, meta.height, limits, i + 1, pageCount);
    // Every page is decoded here, so a truncated or corrupt one is refused at upload. Past the budget the
    // pixels are dropped and decoded again for OCR: the check decodes without the grey conversion, which
    // costs more than the decode itself (~100 ms of CPU on a 300 dpi RGB page).
    const scale = decodeScale(meta.width!, meta.height!);
    const box = scale < 1 ? Math.floor(Math.max(meta.width!, meta.height!) * scale) : undefined;
    const image = budget.take(Math.ceil(meta.width! * meta.height! * scale * scale))
      ? heldImage(await decodePage(bytes, i, pageCount, limits, box))
      : await checkedLazy(bytes, i, pageCount, limits, box);
    pages.push({ number: i + 1, kind: 'image', image, dpi: pageDpi(meta.density ? meta.density * scale : undefined, Math.round(meta.width! * scale)) });
  }
  return pages;
}

async function metadataOf(bytes: Uint8Array, page: number, pageCount = 1): Promise<sharp.Metadata> {
  try {
    return await sharp(bytes, { page, limitInputPixels: false }).metadata();
  } catch (e) {
    throw unprocessable('corrupt_image', `${pageLabel(page + 1, pageCount)}the image header cannot be read: ${reason(e)}`);
  }
}

function checkPixels(width: number | undefined, height: number | undefined, limits: Limits, page: number, pageCount: number) {
  const w = width ?? 0;
  const h = height ?? 0;
  if (!w || !h) throw unprocessable('corrupt_image', `${pageLabel(page, pageCount)}the image declares no size`);
  if (w * h > limits.maxImagePixels) {
    throw tooLarge(`${pageLabel(page, pageCount)}the image declares ${w} x ${h} pixels; the limit is ${limits.maxImagePixels} pixels`);
  }
}

async function checkedLazy(bytes: Uint8Array, page: number, pageCount: number, limits: Limits, box?: number): Promise<PageImage> {
  // one channel kept: the check holds no more memory than the grey page would
  const { info } = await decoding(page, pageCount, () => opened(bytes, page, limits, box).extractChannel(0).raw().toBuffer({ resolveWithObject: true }));
  return lazyImage(info.width, info.height, async () => (await decodePage(bytes, page, pageCount, limits, box)).data);
}

function decodePage(bytes: Uint8Array, page: number, pageCount: number, limits: Limits, box?: number): Promise<GreyPixels> {
  return decoding(page, pageCount, () => toGrey(opened(bytes, page, limits, box)));
}

// failOn 'warning': a truncated PNG/JPEG is refused rather than read half grey.
/** box: the longest side to decode at (a large page is fitted inside that square, whichever way EXIF turns it). */
const opened = (bytes: Uint8Array, page: number, limits: Limits, box?: number) => {
  if (!box) return sharp(bytes, { page, pages: 1, failOn: 'warning', limitInputPixels: limits.maxImagePixels }).autoOrient();
  return sharp(bytes, { page, pages: 1, failOn: 'warning', limitInputPixels: limits.maxImagePixels, sequentialRead: true })
    .autoOrient()
    .resize({ width: box, height: box, fit: 'inside' });
};

async function decoding<T>(page: number, pageCount: number, decode: () => Promise<T>): Promise<T> {
  try {
    return await decode();
  } catch (e) {
    if (e instanceof VanbanError) throw e;
    const whole = pageCount > 1 ? ' (the whole file is refused: re-scan or remove that page)' : '';
    throw unprocessable('corrupt_image', `${pageLabel(page + 1, pageCount)}the image cannot be decoded: ${reason(e)}${whole}`);
  }
}

/** The declared density when it gives a plausible page width (3-17 in), else an A4 estimate. */
export function pageDpi(density: number | undefined, width: number): number {
  if (density && density >= 50 && density <= 1200 && width / density >= 3 && width / density <= 17) return Math.round(density);
  return Math.max(50, Math.round(width / A4_WIDTH_IN));
}

const pageLabel = (page: number, count: number) => (count > 1 ? `page ${page} of ${count}: ` : '');
const reason = (e: unknown) => String((e as Error)?.message ?? e).split('\n')[0].replace(/^Input (buffer|file) /, '');

// Page images handed from ingest to OCR as decoded 8-bit grey pixels: the page is decoded once, never
// re-encoded (a PNG round trip cost ~10% of the CPU of reading a 300 dpi page). Grey because OCR reads
// grey levels anyway, and it is a third of the memory of RGB.
// A document holds decoded pixels up to a budget; later pages of a long document are kept in a form that
// is decoded again when OCR asks (their source bytes and page index, or a PNG), so a 200-page scan never
// holds 200 decoded pages at once.
import sharp from 'sharp';
import type { PageImage } from '../pipeline/types.js';

/** Decoded pixels one document may hold: about 7 A4 pages at 300 dpi, most notices whole. */
export const HELD_PIXEL_BYTES = 64 * 2 ** 20;

/** Counts the pixel bytes a document holds; a page that does not fit any more is kept encoded. */
export class PixelBudget {
  private held = 0;
  constructor(private readonly limit = HELD_PIXEL_BYTES) {}

  take(bytes: number): boolean {
    if (this.held + bytes > this.limit) return false;
    this.held += bytes;
    return true;
  }
}

export interface GreyPixels {
  data: Buffer;
  width: number;
  height: number;
}

export function heldImage(p: GreyPixels): PageImage {
  return { width: p.width, height: p.height, pixels: async () => p.data, heldBytes: p.data.length };
}

/** A page decoded again on each call; `heldBytes` is what the loader keeps (0 when it reads the source file). */
export function lazyImage(width: number, height: number, load: () => Promise<Buffer>, heldBytes = 0): PageImage {
  return { width, height, pixels: load, heldBytes };
}

/**
 * 8-bit grey pixels of a sharp pipeline. An alpha channel is dropped, as a PNG hand-off read with
 * grayscale() dropped it; 16-bit input comes out as 8-bit. Colour input has its coloured ink lifted
 * (liftColouredInk).
 */
export async function toGrey(img: sharp.Sharp): Promise<GreyPixels> {
  const page = img.removeAlpha();
  const { channels } = await page.metadata();
  // Most pages carry no coloured ink: grey input, and colour pages whose thumbnail shows none, go straight
  // to grey in libvips, never held as RGB in memory (held RGB raised the OCR pool's peak RSS by ~120 MB;
  // the thumbnail costs JPEG and WebP little, as they shrink while decoding, and PNG and TIFF a decode)
  if ((channels ?? 3) < 3 || !(await thumbnailHasInk(page.clone()))) {
    const { data, info } = await page.grayscale().raw({ depth: 'uchar' }).toBuffer({ resolveWithObject: true });
    if (info.channels !== 1) throw new Error(`expected one grey channel, got ${info.channels}`);
    return { data, width: info.width, height: info.height };
  }
  const { data, info } = await page.raw({ depth: 'uchar' }).toBuffer({ resolveWithObject: true });
  if (info.channels === 1) return { data, width: info.width, height: info.height };
  return greyOfRaw(data, info.width, info.height, info.channels as 3 | 4);
}

/** True when a thumbnail of the page shows strongly coloured pixels (a seal, a signature in ink). */
async function thumbnailHasInk(img: sharp.Sharp): Promise<boolean> {
  const { data, info } = await img.resize({ width: 512, height: 512, fit: 'inside' }).raw({ depth: 'uchar' }).toBuffer({ resolveWithObject: true });
  // thin strokes are averaged with the paper in a thumbnail: a lower chroma counts here
  return info.channels >= 3 && hasChroma(data, info.channels, 1, INK_CHROMA / 2);
}

/** Any pixel (of every step-th) whose channels differ by at least minChroma. */
function hasChroma(raw: Uint8Array, channels: number, step: number, minChroma: number): boolean {
  for (let p = 0; p < raw.length; p += channels * step) {
    if (Math.max(raw[p], raw[p + 1], raw[p + 2]) - Math.min(raw[p], raw[p + 1], raw[p + 2]) >= minChroma) return true;
  }
  return false;
}

/** Raw pixels (1, 3 or 4 channels) as grey. */
export async function greyOfRaw(raw: Buffer, width: number, height: number, channels: 1 | 3 | 4): Promise<GreyPixels> {
  if (channels === 1) return { data: raw, width, height };
  const { data, info } = await sharp(raw, { raw: { width, height, channels } })
    .removeAlpha()
    .grayscale()
    .raw({ depth: 'uchar' })
    .toBuffer({ resolveWithObject: true });
  if (info.channels !== 1) throw new Error(`expected one grey channel, got ${info.channels}`);
  // a sample of the pixels first: neutral pages (most) skip the pass over every pixel
  if (hasChroma(raw, channels, 7, INK_CHROMA / 2) && fringeShare(raw, width, height, channels) < MAX_FRINGE) liftColouredInk(raw, channels, data);
  return { data, width, height };
}

/**
 * Share of the coloured pixels that touch dark neutral ones: the colour fringes of text drawn with subpixel
 * anti-aliasing (a screenshot of a document) or a lens's colour error are the edges of black strokes, while
 * a seal's or a signature's ink lies mostly away from the print. Measured on 150 dpi renders of the signed
 * scans: 0.02-0.09; on screenshots of documents: 0.31-0.60.
 */
export function fringeShare(raw: Uint8Array, w: number, h: number, channels: number): number {
  const chroma = (p: number) => Math.max(raw[p], raw[p + 1], raw[p + 2]) - Math.min(raw[p], raw[p + 1], raw[p + 2]);
  const darkNeutral = (i: number) => {
    const p = i * channels;
    return Math.max(raw[p], raw[p + 1], raw[p + 2]) < 110 && chroma(p) < 30;
  };
  let coloured = 0;
  let fringe = 0;
  for (let y = 1; y < h - 1; y++) {
    for (let x = 1; x < w - 1; x++) {
      const i = y * w + x;
      if (chroma(i * channels) < INK_CHROMA) continue;
      coloured++;
      if (darkNeutral(i - w - 1) || darkNeutral(i - w) || darkNeutral(i - w + 1) || darkNeutral(i - 1) ||
        darkNeutral(i + 1) || darkNeutral(i + w - 1) || darkNeutral(i + w) || darkNeutral(i + w + 1)) fringe++;
    }
  }
  return coloured ? fringe / coloured : 0;
}

/** Above this fringe share the colour is not ink and nothing is lifted. */
const MAX_FRINGE = 0.2;

/**
 * Offices print in black and sign, stamp and fill in blanks in colour: red seals over the signer's
 * name, blue signatures and handwriting. Strongly coloured pixels are lifted above their brightest channel
 * (by half their chroma), paper-light for red and blue ink, while black print (dark in every channel, also where it
 * lies under a seal) stays dark. Neutral pixels are untouched, so grey and black-and-white scans read
 * exactly as before. Returns the number of pixels lifted.
 */
export function liftColouredInk(raw: Uint8Array, channels: 3 | 4, grey: Uint8Array): number {
  let lifted = 0;
  for (let i = 0, p = 0; i < grey.length; i++, p += channels) {
    const r = raw[p];
    const g = raw[p + 1];
    const b = raw[p + 2];
    const hi = Math.max(r, g, b);
    const lo = Math.min(r, g, b);
    if (hi - lo < INK_CHROMA) continue;
    const v = Math.min(255, hi + ((hi - lo) >> 1));
    if (v > grey[i]) {
      grey[i] = v;
      lifted++;
    }
  }
  return lifted;
}

/** Chroma (max - min channel) from which a pixel counts as coloured ink rather than print or paper. */
const INK_CHROMA = 60;

/**
 * A page image held within the budget, else kept as a grey PNG (lossless: the same pixels come back).
 * For pages whose source cannot be decoded again later (a PDF page's image once the PDF is closed).
 */
export async function budgetedImage(p: GreyPixels, budget: PixelBudget): Promise<PageImage> {
  if (budget.take(p.data.length)) return heldImage(p);
  const png = await sharp(p.data, { raw: { width: p.width, height: p.height, channels: 1 } }).png({ compressionLevel: 1 }).toBuffer();
  return lazyImage(p.width, p.height, async () => (await toGrey(sharp(png))).data, png.length);
}

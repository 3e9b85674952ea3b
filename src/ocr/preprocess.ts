// Page image preprocessing before tesseract. Each step is switchable so scripts/samples/eval-ocr.ts
// can measure it; the defaults are the steps that helped on the sample scans (see samples/scans/README.md).
import sharp from 'sharp';

export interface PreprocessOptions {
  /** convert to one 8-bit grey channel */
  grayscale: boolean;
  /** pages below minDpi are upscaled to targetDpi (real office scans arrive at 70-150 dpi) */
  minDpi: number;
  targetDpi: number;
  /** straighten small skews (up to maxSkew degrees) found by projection profiles */
  deskew: boolean;
  maxSkew: number;
  /** stretch contrast to the full range */
  normalize: boolean;
  /** 3x3 median filter against speckle noise */
  denoise: boolean;
}

export const defaultPreprocess: PreprocessOptions = {
  grayscale: true,
  minDpi: 200,
  targetDpi: 300,
  deskew: true,
  maxSkew: 5,
  normalize: false,
  denoise: false,
};

export interface Prepared {
  image: Buffer;
  /** dpi of the prepared image (tesseract's user_defined_dpi) */
  dpi: number;
  /** prepared pixels per source pixel (to map boxes back) */
  scale: number;
  /** degrees the page was turned to straighten it */
  skew: number;
}

export async function preprocess(image: Uint8Array, dpi: number, options: PreprocessOptions = defaultPreprocess): Promise<Prepared> {
  const meta = await sharp(image).metadata();
  const width = meta.width ?? 0;
  let scale = 1;
  if (dpi < options.minDpi && width > 0) scale = options.targetDpi / dpi;
  let img = sharp(image);
  if (options.grayscale) img = img.grayscale();
  if (scale !== 1) img = img.resize({ width: Math.round(width * scale), kernel: 'lanczos3' });
  if (options.normalize) img = img.normalise();
  if (options.denoise) img = img.median(3);
  let buf = await img.png({ compressionLevel: 1 }).toBuffer();
  let skew = 0;
  if (options.deskew) {
    skew = await findSkew(buf, options.maxSkew);
    if (Math.abs(skew) >= 0.3) {
      buf = await sharp(buf)
        .rotate(-skew, { background: { r: 255, g: 255, b: 255, alpha: 1 } })
        .png({ compressionLevel: 1 })
        .toBuffer();
    }
  }
  return { image: buf, dpi: Math.round(dpi * scale), scale, skew };
}

/** Turns an image by a multiple of 90 degrees (orientation retries). */
export async function rotateRight(image: Uint8Array, degrees: 90 | 180 | 270): Promise<Buffer> {
  return sharp(image).rotate(degrees).png({ compressionLevel: 1 }).toBuffer();
}

/** Dark pixels of a small grey copy: [x, y] pairs, with the copy's size. */
async function darkPixels(image: Uint8Array, maxSide = 1200): Promise<{ xs: Int32Array; ys: Int32Array; n: number; w: number; h: number }> {
  const { data, info } = await sharp(image)
    .grayscale()
    .resize({ width: maxSide, height: maxSide, fit: 'inside', withoutEnlargement: true })
    .raw()
    .toBuffer({ resolveWithObject: true });
  const w = info.width;
  const h = info.height;
  let sum = 0;
  for (let i = 0; i < data.length; i++) sum += data[i];
  const threshold = Math.min(160, (sum / data.length) * 0.7);
  const xs = new Int32Array(data.length);
  const ys = new Int32Array(data.length);
  let n = 0;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      if (data[y * w + x] < threshold) { xs[n] = x; ys[n] = y; n++; }
    }
  }
  return { xs, ys, n, w, h };
}

/** Sharpness of the row profile after turning the points by `deg`: text lines make it peaky. */
function profileScore(p: { xs: Int32Array; ys: Int32Array; n: number; w: number; h: number }, deg: number, columns = false): number {
  const a = (deg * Math.PI) / 180;
  const sin = Math.sin(a);
  const cos = Math.cos(a);
  const size = p.w + p.h + 2;
  const bins = new Float64Array(2 * size);
  for (let i = 0; i < p.n; i++) {
    const x = p.xs[i];
    const y = p.ys[i];
    const v = columns ? x * cos + y * sin : y * cos - x * sin;
    bins[Math.round(v) + size]++;
  }
  let s = 0;
  for (let i = 1; i < bins.length; i++) { const d = bins[i] - bins[i - 1]; s += d * d; }
  return s;
}

/** Skew angle in degrees (positive: text lines fall to the right), coarse then fine search. */
export async function findSkew(image: Uint8Array, maxSkew = 5): Promise<number> {
  const p = await darkPixels(image);
  if (p.n < 200) return 0;
  let best = 0;
  let bestScore = -1;
  for (let d = -maxSkew; d <= maxSkew + 1e-9; d += 0.5) {
    const s = profileScore(p, d);
    if (s > bestScore) { bestScore = s; best = d; }
  }
  const coarse = best;
  for (let d = coarse - 0.5; d <= coarse + 0.5 + 1e-9; d += 0.1) {
    const s = profileScore(p, d);
    if (s > bestScore) { bestScore = s; best = d; }
  }
  return Math.round(best * 10) / 10;
}

/** True when the text lines look vertical (page turned by 90 or 270 degrees). */
export async function looksSideways(image: Uint8Array): Promise<boolean> {
  const p = await darkPixels(image, 800);
  if (p.n < 200) return false;
  return profileScore(p, 0, true) > 1.5 * profileScore(p, 0, false);
}

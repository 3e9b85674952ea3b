// Page image preprocessing before tesseract. Each step is switchable so scripts/samples/eval-ocr.ts
// can measure it; the defaults are the steps that helped on the sample scans (see samples/scans/README.md).
import sharp from 'sharp';

// Pages are used once: libvips' operation cache only holds on to ~10 MB page buffers (server RSS).
sharp.cache(false);

export interface PreprocessOptions {
  /** convert to one 8-bit grey channel */
  grayscale: boolean;
  /** pages below minDpi are upscaled to targetDpi: measured, 75-100 dpi scans gain 4-11 points, while a
   *  noisy 150 dpi page reads better as it is (upscaling enlarges the noise too) */
  minDpi: number;
  targetDpi: number;
  /** pages above maxDpi are read downscaled to maxDpi (0: never): tesseract's LSTM scales each text line to
   *  a fixed height anyway, while its page-level work (thresholding, layout) and memory grow with the pixel
   *  count. Measured: 300 dpi pages read at 175 dpi are ~30% faster and read as well or better */
  maxDpi: number;
  /** ...but never so far down that the measured x-height falls below minXHeight pixels (0: no floor):
   *  small print (8 pt body text at 300 dpi) read at 175 dpi loses 7 points, at 230-260 dpi nothing */
  minXHeight: number;
  /** straighten small skews (up to maxSkew degrees) found by projection profiles */
  deskew: boolean;
  maxSkew: number;
  /** on pages that look like photos, straighten lines that bend from side to side (default on) */
  flattenCurves?: boolean;
  /** stretch contrast to the full range */
  normalize: boolean;
  /**
   * median filter (at the source resolution, before upscaling) against speckle and sensor noise:
   * 'auto' applies it only to noisy pages (paper grey levels spread > noiseAbove) of at least
   * denoiseMinDpi, since a 3x3 median erases the strokes of 75-100 dpi scans
   */
  denoise: boolean | 'auto';
  noiseAbove: number;
  denoiseMinDpi: number;
  /** gaussian smoothing (sigma, source pixels) before upscaling; 0: off */
  smooth: number;
  /** the same after the median, on the pages it denoised: measured on harsh 150 dpi renders, sigma 0.6
   *  lowers the words wrong after OCR + repair from 53 to 38 of 6,079 (0.8: 47), though OCR alone reads a
   *  little worse: the letters it still misreads keep shapes that repair knows */
  smoothNoisy: number;
  /** black-and-white by Otsu's threshold */
  binarize: boolean;
  /**
   * even out the light of a page photographed or scanned under uneven light (a shadow, a darker corner):
   * each pixel divided by the paper brightness around it. 'auto' only when the paper's brightness varies
   * across the page by more than unevenAbove grey levels (renders and flatbed scans are left as they are)
   */
  flatten: boolean | 'auto';
  unevenAbove: number;
  /** a photo's desk or a scanner's lid around the page: dark regions joined to the image border, at least
   *  this share of the image, made paper before anything else looks at the page (0: off) */
  clearBackground: number;
}

export const defaultPreprocess: PreprocessOptions = {
  grayscale: true,
  minDpi: 130,
  targetDpi: 175,
  maxDpi: 175,
  minXHeight: 13,
  deskew: true,
  maxSkew: 5,
  normalize: false,
  denoise: 'auto',
  noiseAbove: 9,
  denoiseMinDpi: 120,
  smooth: 0,
  smoothNoisy: 0.6,
  binarize: false,
  flatten: 'auto',
  unevenAbove: 30,
  clearBackground: 0.02,
};

export interface Prepared {
  /** the page as a binary PGM (P5): tesseract decodes it ~1 s faster than a PNG of a 300 dpi page */
  image: Buffer;
  /** dpi of the prepared image (tesseract's user_defined_dpi) */
  dpi: number;
  /** prepared pixels per source pixel (to map boxes back) */
  scale: number;
  /** degrees the page was turned to straighten it */
  skew: number;
  width: number;
  height: number;
  /** raw 8-bit grey pixels of the prepared page */
  pixels: Buffer;
}

/** 8-bit grey pixels, row by row (what ingest hands over; see PageImage). */
export interface GreyImage {
  data: Uint8Array;
  width: number;
  height: number;
}

/**
 * The page as tesseract reads it. `image` is ingest's grey pixels (never changed here), or encoded bytes
 * (tests and scripts reading files), decoded to grey first.
 */
export async function preprocess(image: Uint8Array | GreyImage, dpi: number, options: PreprocessOptions = defaultPreprocess): Promise<Prepared> {
  // Grey pixels at the source resolution; noise, denoising and the skew are taken there, then one libvips
  // pass resizes to the reading resolution and straightens (no PNG round trips).
  // Tesseract works on grey levels anyway, so `grayscale` only names what the hand-off is.
  let { data, info } = image instanceof Uint8Array
    ? await sharp(image).grayscale().raw().toBuffer({ resolveWithObject: true })
    : { data: asBuffer(image.data), info: { width: image.width, height: image.height } };
  const desk = options.clearBackground > 0 ? clearBackground(data, info.width, info.height, options.clearBackground) : null;
  if (desk) data = desk;
  if (options.flatten !== false) data = flattenBackground(data, info.width, info.height, options.flatten === true ? -1 : options.unevenAbove) ?? data;
  const source = data;
  const raw = () => ({ raw: { width: info.width, height: info.height, channels: 1 as const } });
  const denoise = options.denoise === true ||
    (options.denoise === 'auto' && dpi >= options.denoiseMinDpi && paperNoise(data) > options.noiseAbove);
  if (denoise) data = await median3(data, info.width, info.height);
  const sigma = denoise && options.smoothNoisy >= 0.3 ? options.smoothNoisy : options.smooth;
  if (sigma >= 0.3) ({ data, info } = await sharp(data, raw()).blur(sigma).grayscale().raw().toBuffer({ resolveWithObject: true }));
  // the skew is an angle: found on the source pixels (sampled to ~1200 px a side), the same at any scale;
  // a quick wide look first: a photo may be turned further than a scanner turns a page
  let wide = options.deskew ? findSkewRaw(data, info.width, info.height, PHOTO_MAX_SKEW, 1, 600) : 0;
  // a page photographed at an angle: its lines turn more at one end than the other; each row is
  // straightened. Looked for on what looks like a photo (a desk around the page, a small image, a turn
  // no scanner makes), which spares a scanned page the bands' cost (~100 ms of CPU at 300 dpi)
  const bent = options.deskew && (desk || dpi < options.minDpi || Math.abs(wide) >= PHOTO_TURN)
    ? straightenPerspective(data, info.width, info.height)
    : null;
  if (bent) data = bent;
  // a page that curls (a photo, or a book's page on a scanner): its lines bend from side to side. Looked
  // for on every page: a flat page costs six strips' skews (~30 ms at 150 dpi), and no flat page of the
  // renders, samples or real scans is taken for bent
  const flat = options.deskew && options.flattenCurves !== false ? flattenCurves(data, info.width, info.height) : null;
  if (flat) data = flat;
  if (bent || flat) wide = findSkewRaw(data, info.width, info.height, PHOTO_MAX_SKEW, 1, 600);
  const skew = !options.deskew
    ? 0
    : Math.abs(wide) > options.maxSkew
      ? findSkewRaw(data, info.width, info.height, 1, 0.5, 1200, wide)
      : findSkewRaw(data, info.width, info.height, options.maxSkew);
  const turn = Math.abs(skew) >= 0.3;
  let scale = 1;
  if (dpi < options.minDpi) scale = options.targetDpi / dpi;
  else if (options.maxDpi > 0 && dpi > options.maxDpi) {
    scale = options.maxDpi / dpi;
    const xh = options.minXHeight > 0 ? xHeight(data, info.width, info.height, skew) : 0;
    if (xh > 0) scale = Math.min(1, Math.max(scale, options.minXHeight / xh));
  }
  if (scale !== 1 || turn || options.normalize) {
    let img = sharp(data, raw());
    // libvips resizes first, then turns the (smaller) result, in one pass
    if (scale !== 1) img = img.resize({ width: Math.round(info.width * scale), kernel: 'lanczos3' });
    // a '#ffffff' background gives the same pixels as { r, g, b, alpha: 1 } at half the cost (measured)
    if (turn) img = img.rotate(-skew, { background: '#ffffff' });
    if (options.normalize) img = img.normalise();
    ({ data, info } = await img.grayscale().raw().toBuffer({ resolveWithObject: true }));
  }
  // in place: on a copy when the pixels are still ingest's
  if (options.binarize) binarize(data === source && !(image instanceof Uint8Array) ? (data = Buffer.from(data)) : data);
  return prepared(data, info.width, info.height, Math.round(dpi * scale), scale, turn ? skew : 0);
}

const asBuffer = (a: Uint8Array) => (Buffer.isBuffer(a) ? a : Buffer.from(a.buffer, a.byteOffset, a.byteLength));

/**
 * The pixel height of lowercase letters, the median over the page's text lines; 0 when fewer than 3 lines
 * are found. Rows are projected along the skew; each text line is a run of inked rows whose peak is at
 * least a fifth of the tall peaks (specks and stray marks make low runs), and its x-height the rows at half
 * its peak or more: the dense band between baseline and mean line, where marks and ascenders are sparse.
 */
export function xHeight(data: Uint8Array, w: number, h: number, skew: number): number {
  const step = Math.max(1, Math.ceil(w / 1200)); // columns sampled, every row kept
  let sum = 0;
  let cnt = 0;
  for (let y = 0; y < h; y += 4) for (let x = 0; x < w; x += 4 * step) { sum += data[y * w + x]; cnt++; }
  const threshold = Math.min(160, (sum / Math.max(1, cnt)) * 0.7);
  const a = (skew * Math.PI) / 180;
  const sin = Math.sin(a);
  const cos = Math.cos(a);
  const off = Math.ceil(w * Math.abs(sin)) + 1;
  const rows = new Float64Array(Math.ceil(h * cos) + 2 * off + 2);
  for (let y = 0; y < h; y++) {
    const r = y * w;
    for (let x = 0; x < w; x += step) if (data[r + x] < threshold) rows[Math.round(y * cos - x * sin) + off]++;
  }
  let top = 0;
  for (const v of rows) if (v > top) top = v;
  const floor = Math.max(1, 0.02 * top);
  const runs: { peak: number; core: number }[] = [];
  for (let i = 0; i < rows.length; ) {
    if (rows[i] < floor) { i++; continue; }
    let j = i;
    let peak = 0;
    for (; j < rows.length && rows[j] >= floor; j++) if (rows[j] > peak) peak = rows[j];
    let core = 0;
    for (let k = i; k < j; k++) if (rows[k] >= peak / 2) core++;
    runs.push({ peak, core });
    i = j;
  }
  const peaks = runs.map((r) => r.peak).sort((p, q) => p - q);
  const tall = peaks[Math.floor(peaks.length * 0.9)] ?? 0;
  const cores = runs.filter((r) => r.peak >= 0.2 * tall).map((r) => r.core).sort((p, q) => p - q);
  return cores.length >= 3 ? cores[cores.length >> 1] : 0;
}

/**
 * 3x3 median (edges replicated): the same pixels as libvips' median(3), at about 40% of its cost. Each
 * column of three is sorted once, then the median of nine is the median of (largest low, median of
 * middles, smallest high) over three neighbouring columns, kept in registers as the window slides.
 * Runs on the main thread in bands of rows, yielding between them, so a server keeps answering while a
 * 300 dpi page is filtered.
 */
export async function median3(src: Uint8Array, w: number, h: number, band = 256): Promise<Buffer> {
  const out = Buffer.allocUnsafe(w * h);
  for (let y = 0; y < h; y += band) {
    if (y > 0) await new Promise((resolve) => setImmediate(resolve));
    medianRows(src, out, w, h, y, Math.min(h, y + band));
  }
  return out;
}

function medianRows(src: Uint8Array, out: Uint8Array, w: number, h: number, y0: number, y1: number) {
  for (let y = y0; y < y1; y++) {
    const a = (y > 0 ? y - 1 : 0) * w;
    const b = y * w;
    const c = (y < h - 1 ? y + 1 : h - 1) * w;
    let t = 0;
    let p = src[a];
    let q = src[b];
    let r = src[c];
    if (p > q) { t = p; p = q; q = t; }
    if (q > r) { t = q; q = r; r = t; }
    if (p > q) { t = p; p = q; q = t; }
    // sorted columns x-1 (the edge column again at x = 0) and x: low, middle, high
    let l0 = p;
    let m0 = q;
    let h0 = r;
    let l1 = p;
    let m1 = q;
    let h1 = r;
    for (let x = 0; x < w; x++) {
      const xr = x + 1 < w ? x + 1 : x;
      p = src[a + xr];
      q = src[b + xr];
      r = src[c + xr];
      if (p > q) { t = p; p = q; q = t; }
      if (q > r) { t = q; q = r; r = t; }
      if (p > q) { t = p; p = q; q = t; }
      let lo = Math.max(l0, l1);
      if (p > lo) lo = p;
      let hi = Math.min(h0, h1);
      if (r < hi) hi = r;
      let u = m0;
      let v = m1;
      if (u > v) { t = u; u = v; v = t; }
      let mid = Math.min(q, v);
      if (u > mid) mid = u;
      if (lo > mid) { t = lo; lo = mid; mid = t; }
      if (mid > hi) mid = hi;
      if (lo > mid) mid = lo;
      out[b + x] = mid;
      l0 = l1; m0 = m1; h0 = h1;
      l1 = p; m1 = q; h1 = r;
    }
  }
}

/**
 * Noise of the paper: 1.4826 x the median absolute deviation from the median grey level. Paper is most of
 * a page, so ink barely moves either median, even on a page with three lines of text.
 */
export function paperNoise(data: Uint8Array): number {
  const hist = new Float64Array(256);
  for (let i = 0; i < data.length; i += 2) hist[data[i]]++;
  const total = hist.reduce((a, b) => a + b, 0);
  const median = (h: Float64Array) => {
    let acc = 0;
    for (let i = 0; i < h.length; i++) if ((acc += h[i]) >= total / 2) return i;
    return h.length - 1;
  };
  const m = median(hist);
  const dev = new Float64Array(256);
  for (let v = 0; v < 256; v++) dev[Math.abs(v - m)] += hist[v];
  return 1.4826 * median(dev);
}

/**
 * The page without what lies around it: the dark pixels (below Otsu's threshold) joined to the image border,
 * when together they cover at least minShare of the image, become paper, and so do the grey pixels of
 * their edge. Null when there is no such region. Print is never that large a joined region: letters are
 * separate strokes, and a rule touching the border is thin.
 */
export function clearBackground(data: Uint8Array, w: number, h: number, minShare: number): Buffer | null {
  const t = otsu(data, 4);
  // a desk shows all round the page: most pages (a scan's white margin) stop at this look at their edge
  let dark = 0;
  for (let x = 0; x < w; x++) dark += (data[x] <= t ? 1 : 0) + (data[(h - 1) * w + x] <= t ? 1 : 0);
  for (let y = 0; y < h; y++) dark += (data[y * w] <= t ? 1 : 0) + (data[y * w + w - 1] <= t ? 1 : 0);
  if (dark < MIN_DARK_EDGE * 2 * (w + h)) return null;
  const seen = new Uint8Array(w * h);
  const stack = new Int32Array(w * h);
  let top = 0;
  const push = (i: number) => {
    if (!seen[i] && data[i] <= t) {
      seen[i] = 1;
      stack[top++] = i;
    }
  };
  for (let x = 0; x < w; x++) {
    push(x);
    push((h - 1) * w + x);
  }
  for (let y = 0; y < h; y++) {
    push(y * w);
    push(y * w + w - 1);
  }
  let area = 0;
  const hist = new Float64Array(256);
  while (top > 0) {
    const i = stack[--top];
    area++;
    hist[data[i]]++;
    const x = i % w;
    if (x > 0) push(i - 1);
    if (x < w - 1) push(i + 1);
    if (i >= w) push(i - w);
    if (i < w * (h - 1)) push(i + w);
  }
  if (area < minShare * w * h || holdsPrint(hist, area)) return null;
  const out = Buffer.from(data);
  // the region and a rim of two pixels around it (the blurred edge of the page)
  let rim = seen;
  for (let pass = 0; pass < 2; pass++) {
    const next = Uint8Array.from(rim);
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        const i = y * w + x;
        if (rim[i]) continue;
        if ((x > 0 && rim[i - 1]) || (x < w - 1 && rim[i + 1]) || (y > 0 && rim[i - w]) || (y < h - 1 && rim[i + w])) next[i] = 1;
      }
    }
    rim = next;
  }
  for (let i = 0; i < w * h; i++) if (rim[i]) out[i] = 255;
  return out;
}

/** A dark region that is not an even desk (a shadow over the page with print in it, a gradient): its
 *  grey levels part in two classes, where a desk's are one even class (measured: a desk puts 99% of its
 *  pixels in the darker class of Otsu's split, the shadowed corner of the sample page 35%, 32 levels apart). */
function holdsPrint(hist: Float64Array, n: number): boolean {
  const { share, gap } = otsuSplit(hist, n);
  return share < 0.9 && gap >= 20;
}

/** Share of the image's edge that must be dark for a desk to be looked for. */
const MIN_DARK_EDGE = 0.15;

/** Otsu's threshold, in place: ink 0, paper 255. */
function binarize(data: Uint8Array): void {
  const t = otsu(data);
  for (let i = 0; i < data.length; i++) data[i] = data[i] > t ? 255 : 0;
}

/** Otsu's threshold of every step-th pixel. */
function otsu(data: Uint8Array, step = 1): number {
  const hist = new Float64Array(256);
  for (let i = 0; i < data.length; i += step) hist[data[i]]++;
  return otsuSplit(hist, Math.ceil(data.length / step)).t;
}

/** Otsu's split of a grey histogram of n pixels: the threshold, the darker class's share, the classes' mean gap. */
function otsuSplit(hist: Float64Array, n: number): { t: number; share: number; gap: number } {
  let sum = 0;
  for (let i = 0; i < 256; i++) sum += i * hist[i];
  let sumB = 0;
  let wB = 0;
  let best = 0;
  const split = { t: 128, share: 0, gap: 0 };
  for (let i = 0; i < 256; i++) {
    wB += hist[i];
    if (!wB) continue;
    const wF = n - wB;
    if (!wF) break;
    sumB += i * hist[i];
    const m0 = sumB / wB;
    const m1 = (sum - sumB) / wF;
    const between = wB * wF * (m0 - m1) ** 2;
    if (between > best) {
      best = between;
      split.t = i;
      split.share = wB / n;
      split.gap = m1 - m0;
    }
  }
  return split;
}

function prepared(pixels: Buffer, width: number, height: number, dpi: number, scale: number, skew: number): Prepared {
  // one buffer: the PGM, whose tail is the pixels (a 300 dpi page is 8.7 MB; no second copy)
  const header = Buffer.from(`P5\n${width} ${height}\n255\n`);
  const image = Buffer.allocUnsafe(header.length + pixels.length);
  header.copy(image, 0);
  pixels.copy(image, header.length);
  return { image, dpi, scale, skew, width, height, pixels: image.subarray(header.length) };
}

/**
 * The box [x0, y0, x1, y1] (prepared pixels, padded) around the page's ink, or null when it has none: ink is
 * far darker than the paper (8 noise deviations and at least 50 grey levels), in rows and columns that hold
 * a few such pixels over at least 3 running rows or columns (a speckle does not make a line).
 */
export function inkBox(p: Prepared): [number, number, number, number] | null {
  const { pixels, width: w, height: h } = p;
  const t = inkBelow(pixels);
  if (t <= 0) return null;
  const rows = new Int32Array(h);
  const cols = new Int32Array(w);
  for (let y = 0; y < h; y++) {
    const o = y * w;
    for (let x = 0; x < w; x++) if (pixels[o + x] < t) { rows[y]++; cols[x]++; }
  }
  const span = (counts: Int32Array): [number, number] | null => {
    let first = -1;
    let last = -1;
    for (let i = 0; i + 2 < counts.length; i++) {
      if (counts[i] >= 2 && counts[i + 1] >= 2 && counts[i + 2] >= 2) {
        if (first < 0) first = i;
        last = i + 2;
      }
    }
    return first < 0 ? null : [first, last];
  };
  const ys = span(rows);
  const xs = span(cols);
  if (!ys || !xs) return null;
  const pad = Math.round(p.dpi / 5);
  return [Math.max(0, xs[0] - pad), Math.max(0, ys[0] - pad), Math.min(w, xs[1] + 1 + pad), Math.min(h, ys[1] + 1 + pad)];
}

/** Grey levels below this are ink: 8 noise deviations and at least 50 levels darker than the paper. */
function inkBelow(pixels: Uint8Array): number {
  // the median of every third pixel: the paper's level, as paper is most of a page
  return median(pixels, 3) - Math.max(50, 8 * paperNoise(pixels));
}

/**
 * Boxes [x0, y0, x1, y1] (prepared pixels) around text rows that no read line covers. Tesseract's layout
 * analysis now and then drops whole lines that read well on their own (lines ending in dot leaders, "sau
 * đây:……"). `covered`: the vertical spans of the lines read; `lineHeight`: their usual height. A band is
 * at least half a line high, three lines wide and inked like text (4% of its area); it is padded up to
 * 0.4 line heights but not into a covered line.
 */
export function uncoveredText(p: Prepared, covered: [number, number][], lineHeight: number): [number, number, number, number][] {
  const { pixels, width: w, height: h } = p;
  const lh = Math.max(4, lineHeight);
  const t = inkBelow(pixels);
  if (t <= 0) return [];
  const taken = new Uint8Array(h);
  // a line's box can leave out a stacked mark or a descender: a fifth of a line either side is its own
  for (const [y0, y1] of covered) for (let y = Math.max(0, Math.floor(y0 - 0.2 * lh)); y < Math.min(h, Math.ceil(y1 + 0.2 * lh)); y++) taken[y] = 1;
  const out: [number, number, number, number][] = [];
  let run: { y0: number; y1: number; ink: number; x0: number; x1: number } | null = null;
  let gap = 0;
  const close = () => {
    if (!run) return;
    const { y0, y1, ink, x0, x1 } = run;
    run = null;
    if (y1 - y0 < 0.5 * lh || x1 - x0 < 3 * lh || ink < 0.04 * (x1 - x0) * (y1 - y0)) return;
    let top = y0;
    while (top > 0 && y0 - top < 0.4 * lh && !taken[top - 1]) top--;
    let bottom = y1;
    while (bottom < h && bottom - y1 < 0.4 * lh && !taken[bottom]) bottom++;
    const pad = Math.round(0.5 * lh);
    out.push([Math.max(0, x0 - pad), top, Math.min(w, x1 + pad), bottom]);
  };
  for (let y = 0; y < h; y++) {
    let n = 0;
    let a = w;
    let b = -1;
    if (!taken[y]) {
      const o = y * w;
      for (let x = 0; x < w; x++) if (pixels[o + x] < t) { n++; if (x < a) a = x; b = x; }
    }
    if (n >= 3) {
      if (!run) run = { y0: y, y1: y + 1, ink: 0, x0: a, x1: b + 1 };
      run.y1 = y + 1;
      run.ink += n;
      run.x0 = Math.min(run.x0, a);
      run.x1 = Math.max(run.x1, b + 1);
      gap = 0;
    } else if (run && (taken[y] || ++gap > 0.6 * lh)) close();
  }
  close();
  return out;
}

/**
 * A copy of `p` with dot leaders ("sau đây:……", "Nguồn kinh phí:………") painted over with paper: the LSTM
 * reads the words before a run of dots as junk ("Kinh phí" -> "Ranhiphithưo"). A leader is a run of at
 * least 4 specks (under a third of a line high and wide) at one height, each within 0.6 line heights of
 * the next, with no letter just above or below them (tone marks and the dots of i have one); a full stop
 * or an ellipsis is too short a run. Dots blurred into a thin rule two lines long go too.
 */
export function eraseLeaders(p: Prepared, lineHeight: number): Prepared {
  const { pixels, width: w, height: h } = p;
  // halfway between the paper and Otsu's level: faint dots count, and a letter is not broken into specks
  const paper = median(pixels);
  const t = Math.round((paper + otsu(pixels)) / 2);
  const small = Math.max(2, lineHeight / 3);
  const seen = new Uint8Array(w * h);
  const specks: { x0: number; x1: number; y0: number; y1: number }[] = [];
  const rules: typeof specks = [];
  const letters: typeof specks = [];
  const stack: number[] = [];
  for (let start = 0; start < w * h; start++) {
    if (seen[start] || pixels[start] >= t) continue;
    // one 8-connected component
    let x0 = w, x1 = 0, y0 = h, y1 = 0;
    seen[start] = 1;
    stack.push(start);
    while (stack.length) {
      const i = stack.pop()!;
      const x = i % w;
      const y = (i - x) / w;
      if (x < x0) x0 = x;
      if (x > x1) x1 = x;
      if (y < y0) y0 = y;
      if (y > y1) y1 = y;
      for (let dy = -1; dy <= 1; dy++) {
        for (let dx = -1; dx <= 1; dx++) {
          const nx = x + dx;
          const ny = y + dy;
          if (nx < 0 || ny < 0 || nx >= w || ny >= h) continue;
          const j = ny * w + nx;
          if (!seen[j] && pixels[j] < t) { seen[j] = 1; stack.push(j); }
        }
      }
    }
    if (x1 - x0 < small && y1 - y0 < small) specks.push({ x0, x1, y0, y1 });
    // dots blurred into one another: a thin rule two lines long
    else if (y1 - y0 < small && x1 - x0 >= 2 * lineHeight) rules.push({ x0, x1, y0, y1 });
    else letters.push({ x0, x1, y0, y1 });
  }
  // a tone mark or the dot of an i sits on a letter; a leader dot has none above or below it
  const dots = specks
    .filter((s) => !letters.some((l) => l.x0 <= s.x1 + 1 && s.x0 <= l.x1 + 1 && Math.max(l.y0 - s.y1, s.y0 - l.y1) < 0.5 * lineHeight))
    .sort((a, b) => a.x0 - b.x0);
  const erase = [...rules];
  const used = new Set<number>();
  for (let i = 0; i < dots.length; i++) {
    if (used.has(i)) continue;
    const run = [i];
    let last = dots[i];
    for (let j = i + 1; j < dots.length && dots[j].x0 - last.x1 <= 0.6 * lineHeight; j++) {
      const s = dots[j];
      if (used.has(j) || Math.abs((s.y0 + s.y1) / 2 - (last.y0 + last.y1) / 2) > small / 2) continue;
      run.push(j);
      last = s;
    }
    if (run.length < 4) continue;
    for (const k of run) { used.add(k); erase.push(dots[k]); }
  }
  if (!erase.length) return p;
  const out = Buffer.from(pixels);
  // the speck's box and a pixel round it: its grey edge would still read as a dot
  for (const { x0, x1, y0, y1 } of erase) {
    for (let y = Math.max(0, y0 - 1); y <= Math.min(h - 1, y1 + 1); y++) out.fill(paper, y * w + Math.max(0, x0 - 1), y * w + Math.min(w, x1 + 2));
  }
  return prepared(out, w, h, p.dpi, p.scale, p.skew);
}

/** The median grey level of every `step`-th pixel. */
function median(pixels: Uint8Array, step = 1): number {
  const hist = new Uint32Array(256);
  for (let i = 0; i < pixels.length; i += step) hist[pixels[i]]++;
  let acc = 0;
  for (let v = 0; v < 256; v++) if ((acc += hist[v]) * 2 * step >= pixels.length) return v;
  return 255;
}

/** The part of a prepared page inside `box` (see inkBox). */
export function cropTo(p: Prepared, box: [number, number, number, number]): Prepared {
  const [x0, y0, x1, y1] = box;
  const pixels = Buffer.allocUnsafe((x1 - x0) * (y1 - y0));
  for (let y = y0; y < y1; y++) p.pixels.copy(pixels, (y - y0) * (x1 - x0), y * p.width + x0, y * p.width + x1);
  return prepared(pixels, x1 - x0, y1 - y0, p.dpi, p.scale, p.skew);
}

/** Turns a prepared page by a multiple of 90 degrees (orientation retries). */
export async function rotateRight(p: Prepared, degrees: 90 | 180 | 270): Promise<Prepared> {
  const { data, info } = await sharp(p.pixels, { raw: { width: p.width, height: p.height, channels: 1 } })
    .rotate(degrees)
    .grayscale()
    .raw()
    .toBuffer({ resolveWithObject: true });
  return prepared(data, info.width, info.height, p.dpi, p.scale, p.skew);
}

type Points = { xs: Int32Array; ys: Int32Array; n: number; w: number; h: number };

/** Dark pixels of a grey image, sampled on a grid so that about maxSide x maxSide cells are looked at. */
function darkPixels(data: Uint8Array, w: number, h: number, maxSide = 1200): Points {
  const step = Math.max(1, Math.ceil(Math.max(w, h) / maxSide));
  let sum = 0;
  let cnt = 0;
  for (let y = 0; y < h; y += step) for (let x = 0; x < w; x += step) { sum += data[y * w + x]; cnt++; }
  const threshold = Math.min(160, (sum / Math.max(1, cnt)) * 0.7);
  const cap = Math.ceil(h / step) * Math.ceil(w / step);
  const xs = new Int32Array(cap);
  const ys = new Int32Array(cap);
  let n = 0;
  for (let y = 0; y < h; y += step) {
    for (let x = 0; x < w; x += step) {
      if (data[y * w + x] < threshold) { xs[n] = x / step; ys[n] = y / step; n++; }
    }
  }
  return { xs, ys, n, w: Math.ceil(w / step), h: Math.ceil(h / step) };
}

/** Sharpness of the row profile after turning the points by `deg`: text lines make it peaky. */
function profileScore(p: Points, deg: number, columns = false): number {
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

/**
 * Skew angle in degrees (positive: text lines fall to the right), coarse then fine search, within maxSkew
 * of centre; `step` is the coarse step and `maxSide` the sampling (a quick wide look uses 1 and 600).
 */
export function findSkewRaw(data: Uint8Array, w: number, h: number, maxSkew = 5, step = 0.5, maxSide = 1200, centre = 0): number {
  const p = darkPixels(data, w, h, maxSide);
  if (p.n < 200) return 0;
  let best = 0;
  let bestScore = -1;
  for (let d = centre - maxSkew; d <= centre + maxSkew + 1e-9; d += step) {
    const s = profileScore(p, d);
    if (s > bestScore) { bestScore = s; best = d; }
  }
  const coarse = best;
  for (let d = coarse - step; d <= coarse + step + 1e-9; d += step / 5) {
    const s = profileScore(p, d);
    if (s > bestScore) { bestScore = s; best = d; }
  }
  return Math.round(best * 10) / 10;
}

/** Widest turn looked for on a photo (a scanner's page is within maxSkew). */
const PHOTO_MAX_SKEW = 15;
/** A turn from which a page may be a photo taken at an angle (the signed scans: 0-1.6 degrees). */
const PHOTO_TURN = 2;
/** Bands the page is cut into to see whether its lines turn differently from top to bottom. */
const BANDS = 4;
/** Least difference (degrees) between the bands' turns that counts as perspective; a scan's bands agree
 *  within 0.3 (measured on the signed scans and the photos taken square-on). */
const MIN_BEND = 1.5;
/** Farthest (degrees) a band's turn may lie from the steady bend through all of them. */
const MAX_BEND_MISFIT = 1;

/** Turns (degrees, in page order) that differ by at least minSpread and change one way only (0.3 of slack). */
function turnsSteadily(angles: number[], minSpread: number): boolean {
  if (Math.max(...angles) - Math.min(...angles) < minSpread) return false;
  const n = angles.length;
  const rising = angles[n - 1] > angles[0];
  for (let i = 1; i < n; i++) if ((rising ? angles[i] - angles[i - 1] : angles[i - 1] - angles[i]) < -0.3) return false;
  return true;
}

/**
 * The straight line through the turns taken at these positions (least squares), as the turn at any
 * position; null when a turn lies more than MAX_BEND_MISFIT from it (a band or strip with little text).
 */
function turnLine(at: number[], angles: number[]): ((p: number) => number) | null {
  const n = at.length;
  const mp = at.reduce((a, b) => a + b, 0) / n;
  const ma = angles.reduce((a, b) => a + b, 0) / n;
  let spa = 0;
  let spp = 0;
  for (let i = 0; i < n; i++) {
    spa += (at[i] - mp) * (angles[i] - ma);
    spp += (at[i] - mp) ** 2;
  }
  const k = spa / spp;
  const turn = (p: number) => ma + k * (p - mp);
  for (let i = 0; i < n; i++) if (Math.abs(turn(at[i]) - angles[i]) > MAX_BEND_MISFIT) return null;
  return turn;
}

/**
 * A page photographed at an angle, straightened row by row: the skew of each horizontal band is taken, a
 * straight line through them gives the turn at each height, and every output row is read from the source
 * along its own turn. Null where the bands turn alike (scans, photos taken square-on): the page's single
 * skew is handled by the rotation after.
 */
export function straightenPerspective(data: Uint8Array, w: number, h: number): Buffer | null {
  const ys: number[] = [];
  const angles: number[] = [];
  for (let b = 0; b < BANDS; b++) {
    const y0 = Math.floor((b * h) / BANDS);
    const y1 = Math.floor(((b + 1) * h) / BANDS);
    const band = data.subarray(y0 * w, y1 * w);
    if (darkPixels(band, w, y1 - y0).n < 200) return null;
    ys.push((y0 + y1) / 2);
    angles.push(findSkewRaw(band, w, y1 - y0, PHOTO_MAX_SKEW));
  }
  // perspective turns the lines steadily from one end to the other: bands out of order are a layout
  // (a table, a picture), not a bend
  if (!turnsSteadily(angles, MIN_BEND)) return null;
  const turnAt = turnLine(ys, angles);
  if (!turnAt) return null;
  const out = Buffer.alloc(w * h, 255);
  const cx = w / 2;
  for (let y = 0; y < h; y++) {
    const t = Math.tan((turnAt(y) * Math.PI) / 180);
    for (let x = 0; x < w; x++) {
      const sy = y + (x - cx) * t;
      const y0 = Math.floor(sy);
      if (y0 < 0 || y0 + 1 >= h) continue;
      const f = sy - y0;
      out[y * w + x] = Math.round(data[y0 * w + x] * (1 - f) + data[(y0 + 1) * w + x] * f);
    }
  }
  return out;
}

/** Strips the page is cut into, left to right, to see whether its lines bend. */
const STRIPS = 6;
/** Least difference (degrees) between the strips' turns that counts as a bend (a flat page's strips agree
 *  within ~0.5: measured on the renders, the signed scans and the photos). */
const MIN_CURVE = 1.5;
/** A strip counts when it holds at least this share of the median strip's print (the 100 dpi renders'
 *  margin strips: 10-35%, their turns off by up to 2 degrees) */
const MIN_STRIP_INK = 0.4;
/** A strip's print is sampled on a grid of about this many cells down its length (the first, cheap look;
 *  1200 on a page found bent) */
const STRIP_SIDE = 800;

/**
 * A page that curls (a page lifting off the desk, a book's spine): its lines bend, turning steadily more
 * from one side to the other. The turn of each vertical strip is taken, a straight line through them gives
 * the turn at each column, and each column is shifted up or down by the height its lines gained from the
 * page's middle to there. Null where the strips turn alike (flat pages: their skew is the rotation's).
 */
export function flattenCurves(data: Uint8Array, w: number, h: number): Buffer | null {
  const sw = Math.floor(w / STRIPS);
  if (sw < 40) return null;
  const strip = new Uint8Array(sw * h);
  const cut = (s: number) => {
    for (let y = 0; y < h; y++) strip.set(data.subarray(y * w + s * sw, y * w + s * sw + sw), y * sw);
    return strip;
  };
  const strips: { s: number; x: number; ink: number; angle: number }[] = [];
  for (let s = 0; s < STRIPS; s++) {
    cut(s);
    strips.push({ s, x: s * sw + sw / 2, ink: darkPixels(strip, sw, h, STRIP_SIDE).n, angle: findSkewRaw(strip, sw, h, PHOTO_MAX_SKEW, 0.5, STRIP_SIDE) });
  }
  // a margin with little print (the ends of a few lines) gives a turn that says nothing about the bend
  const inkMedian = [...strips].sort((a, b) => a.ink - b.ink)[STRIPS >> 1].ink;
  const kept = strips.filter((st) => st.ink >= 300 && st.ink >= MIN_STRIP_INK * inkMedian);
  const xs = kept.map((st) => st.x);
  let angles = kept.map((st) => st.angle);
  // a bend turns the lines steadily from one side to the other; strips out of order are a layout
  if (xs.length < 4 || !turnsSteadily(angles, MIN_CURVE)) return null;
  // a bend: its turns taken again on a finer grid (the coarse one, cheap on the flat pages, leaves ~1% of
  // a curled page's words unread)
  angles = kept.map((st) => findSkewRaw(cut(st.s), sw, h, PHOTO_MAX_SKEW, 0.5, 1200));
  const turnAt = turnLine(xs, angles);
  if (!turnAt) return null;
  // the height a line gains from the middle column to column x: the sum of the slopes on the way
  const lift = new Float64Array(w);
  const cx = Math.round(w / 2);
  const slope = (x: number) => Math.tan((turnAt(x) * Math.PI) / 180);
  for (let x = cx + 1; x < w; x++) lift[x] = lift[x - 1] + slope(x - 0.5);
  for (let x = cx - 1; x >= 0; x--) lift[x] = lift[x + 1] - slope(x + 0.5);
  const out = Buffer.alloc(w * h, 255);
  for (let x = 0; x < w; x++) {
    const d = lift[x];
    for (let y = 0; y < h; y++) {
      const sy = y + d;
      const y0 = Math.floor(sy);
      if (y0 < 0 || y0 + 1 >= h) continue;
      const f = sy - y0;
      out[y * w + x] = Math.round(data[y0 * w + x] * (1 - f) + data[(y0 + 1) * w + x] * f);
    }
  }
  return out;
}

/** True when the text lines look vertical (page turned by 90 or 270 degrees). */
export function looksSideways(p0: Prepared): boolean {
  const p = darkPixels(p0.pixels, p0.width, p0.height, 800);
  if (p.n < 200) return false;
  return profileScore(p, 0, true) > 1.5 * profileScore(p, 0, false);
}

/**
 * The page divided by its paper brightness, estimated per block as a bright percentile (text is dark and
 * sparse), widened to the brightest neighbour (blocks full of text or a picture) and interpolated between
 * block centres. Null when the paper varies by `uneven` grey levels or less (-1: always flatten).
 */
export function flattenBackground(data: Uint8Array, w: number, h: number, uneven: number): Buffer | null {
  const block = Math.max(16, Math.round(Math.min(w, h) / 40));
  const gw = Math.ceil(w / block);
  const gh = Math.ceil(h / block);
  const paper = new Float64Array(gw * gh);
  const hist = new Uint32Array(256);
  for (let by = 0; by < gh; by++) {
    for (let bx = 0; bx < gw; bx++) {
      hist.fill(0);
      const x1 = Math.min(w, (bx + 1) * block);
      const y1 = Math.min(h, (by + 1) * block);
      let n = 0;
      // every other pixel each way: a quarter of the reads, the same percentile
      for (let y = by * block; y < y1; y += 2) for (let x = bx * block; x < x1; x += 2) { hist[data[y * w + x]]++; n++; }
      let k = 255;
      for (let seen = 0, want = n * 0.1; k > 0; k--) if ((seen += hist[k]) >= want) break;
      paper[by * gw + bx] = k;
    }
  }
  const wide = new Float64Array(gw * gh);
  for (let by = 0; by < gh; by++) {
    for (let bx = 0; bx < gw; bx++) {
      let m = 0;
      for (let dy = -1; dy <= 1; dy++) for (let dx = -1; dx <= 1; dx++) {
        const y = by + dy;
        const x = bx + dx;
        if (y >= 0 && y < gh && x >= 0 && x < gw) m = Math.max(m, paper[y * gw + x]);
      }
      wide[by * gw + bx] = m;
    }
  }
  if (uneven >= 0) {
    const sorted = Float64Array.from(wide).sort();
    const spread = sorted[Math.floor(sorted.length * 0.95)] - sorted[Math.floor(sorted.length * 0.05)];
    if (spread <= uneven) return null;
  }
  const out = Buffer.allocUnsafe(w * h);
  for (let y = 0; y < h; y++) {
    // block centres above and below, and the weight between them
    const fy = Math.min(gh - 1, Math.max(0, (y + 0.5) / block - 0.5));
    const y0 = Math.floor(fy);
    const y1 = Math.min(gh - 1, y0 + 1);
    const ty = fy - y0;
    for (let x = 0; x < w; x++) {
      const fx = Math.min(gw - 1, Math.max(0, (x + 0.5) / block - 0.5));
      const x0 = Math.floor(fx);
      const x1 = Math.min(gw - 1, x0 + 1);
      const tx = fx - x0;
      const top = wide[y0 * gw + x0] * (1 - tx) + wide[y0 * gw + x1] * tx;
      const bottom = wide[y1 * gw + x0] * (1 - tx) + wide[y1 * gw + x1] * tx;
      const bg = Math.max(32, top * (1 - ty) + bottom * ty);
      out[y * w + x] = Math.min(255, Math.round((data[y * w + x] * 255) / bg));
    }
  }
  return out;
}

// tesseract.js worker pool: workers sized to the cores, started lazily, reused across documents,
// a bounded queue, the Vietnamese model read from the installed package (no network at all).
import { availableParallelism } from 'node:os';
import { setFlagsFromString } from 'node:v8';
import { createWorker, OEM, type Worker } from 'tesseract.js';
import { VanbanError } from '../errors.js';
import type { IngestedPage, OcrPage } from '../pipeline/types.js';
import type { PageRecognizer } from './index.js';
import { pageDpi } from '../ingest/image.js';
import { isSyllable } from '../ingest/textlayer.js';
import { linesOf, meanConfidence, toTextLines, type RecognisedLine } from './lines.js';
import { DEFAULT_VARIANT, locateModel, type ModelVariant } from './model.js';
import { cropTo, defaultPreprocess, eraseLeaders, inkBox, looksSideways, preprocess, rotateRight, uncoveredText, type Prepared, type PreprocessOptions } from './preprocess.js';

export interface OcrPool {
  recognize: PageRecognizer;
  close(): Promise<void>;
}

export interface OcrPoolOptions {
  /** worker threads (default: the cores, at most 4) */
  workers?: number;
  variant?: ModelVariant;
  /** a folder holding vie.traineddata.gz to read with instead of the package's (measurements only) */
  langPath?: string;
  /** 'lstm' (default) or 'combined' legacy+LSTM (needs the 4.0.0 model and tesseract.js' legacy core) */
  engine?: 'lstm' | 'combined';
  /** tesseract page segmentation mode (default 3: automatic, keeps columns apart) */
  psm?: string;
  /** pages waiting beyond this are refused with 503 */
  maxQueue?: number;
  preprocess?: Partial<PreprocessOptions>;
  /** retry a low-confidence page turned by 180/90/270 degrees (see orientation in README) */
  orientation?: boolean;
  /** read again text rows the page's layout analysis dropped (default true; see readDropped) */
  dropped?: boolean;
  /** more Tesseract variables, set once per worker (measurements: scripts/samples/eval-ocr.ts --param) */
  params?: Record<string, string>;
  /** let tesseract.js load its relaxed-SIMD core (default true; see relaxedSimd below) */
  relaxedSimd?: boolean;
}

/** A page read with fewer Vietnamese syllables than this share is retried in other orientations. */
const UPRIGHT_SHARE = 0.6;

interface Slot { worker: Promise<Worker> | null; busy: boolean }
interface Task { run(worker: Worker): Promise<void> }

/** The Vietnamese OCR engine (its own workers, started on the first page); null when the model is not installed. */
export function createOcrPool(options: OcrPoolOptions = {}): OcrPool | null {
  const variant = options.variant ?? DEFAULT_VARIANT;
  const model = options.langPath ? { langPath: options.langPath } : locateModel(variant);
  if (!model) return null;
  return new TesseractPool(model.langPath, options);
}

class TesseractPool implements OcrPool {
  private slots: Slot[];
  private queue: Task[] = [];
  private readonly maxQueue: number;
  private readonly prep: PreprocessOptions;
  private readonly psm: string;
  private readonly oem: OEM;

  constructor(
    private langPath: string,
    private options: OcrPoolOptions,
  ) {
    const n = Math.max(1, Math.min(options.workers ?? availableParallelism(), 4));
    this.slots = Array.from({ length: n }, () => ({ worker: null, busy: false }));
    this.maxQueue = options.maxQueue ?? 400;
    this.prep = { ...defaultPreprocess, ...options.preprocess };
    this.psm = options.psm ?? '3';
    this.oem = options.engine === 'combined' ? OEM.TESSERACT_LSTM_COMBINED : OEM.LSTM_ONLY;
  }

  recognize: PageRecognizer = async (page) => {
    if (page.kind !== 'image' || !page.image) throw new VanbanError(500, 'not_an_image', `page ${page.number} has no image to read`);
    if (this.waiting.length >= this.maxQueue) {
      throw new VanbanError(503, 'ocr_busy', `the OCR queue is full (${this.maxQueue} pages waiting); try again later`);
    }
    // At most one page per worker plus one are being prepared or read: a 200-page PDF must not
    // hold 200 decoded 300 dpi pages in memory at once.
    await this.enter();
    try {
      const { width, height } = page.image;
      const dpi = page.dpi ?? pageDpi(undefined, width);
      const prepared = await preprocess({ data: await page.image.pixels(), width, height }, dpi, this.prep);
      let lines = await this.read(prepared);
      // A page with one or two lines amid heavy noise (a signature page) can come back empty: tesseract's
      // page-wide threshold makes the noise into ink. Read again where the ink is.
      const ink = lines.length === 0 ? inkBox(prepared) : null;
      if (ink) lines = shift(await this.read(cropTo(prepared, ink)), ink[0] / prepared.scale, ink[1] / prepared.scale);
      else if (this.options.dropped !== false && lines.length >= 3) lines = await this.readDropped(prepared, lines);
      if (this.options.orientation !== false && needsOrientationRetry(lines)) {
        lines = await this.tryOrientations(prepared, lines);
      }
      return { number: page.number, source: 'ocr', lines: toTextLines(lines, page.number) } satisfies OcrPage;
    } finally {
      this.leave();
    }
  };

  private active = 0;
  private waiting: (() => void)[] = [];

  private enter(): Promise<void> {
    if (this.active < this.slots.length + 1) {
      this.active++;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private leave() {
    const next = this.waiting.shift();
    if (next) next();
    else this.active--;
  }

  /** A page read upside down or sideways gives few, low-confidence words: keep the best turn. */
  private async tryOrientations(page: Prepared, first: RecognisedLine[]): Promise<RecognisedLine[]> {
    const sideways = looksSideways(page);
    const turns: (90 | 180 | 270)[] = sideways ? [90, 270, 180] : [180, 90, 270];
    let best = first;
    let bestScore = orientationScore(first);
    for (const t of turns) {
      const lines = await this.read(await rotateRight(page, t));
      const s = orientationScore(lines);
      if (s > bestScore) { best = lines; bestScore = s; }
      if (syllables(best).share >= UPRIGHT_SHARE) break;
    }
    return best;
  }

  /**
   * Text rows no line covers, read again as one block each (psm 6) with their dot leaders erased:
   * tesseract's layout analysis drops lines with leaders ("Nguồn kinh phí:………"), and the LSTM reads the
   * words before the dots as junk. Kept where most of it reads as Vietnamese words, so a stamp or a
   * signature stays out.
   */
  private async readDropped(page: Prepared, lines: RecognisedLine[]): Promise<RecognisedLine[]> {
    const s = page.scale;
    const spans = lines.map((l): [number, number] => [l.bbox[1] * s, l.bbox[3] * s]);
    const heights = spans.map(([a, b]) => b - a).sort((a, b) => a - b);
    const lh = heights[heights.length >> 1];
    const boxes = uncoveredText(page, spans, lh);
    if (!boxes.length) return lines;
    const out = [...lines];
    for (const box of boxes) {
      const found = shift(await this.read(eraseLeaders(cropTo(page, box), lh), '6', false), box[0] / s, box[1] / s);
      for (const l of found) {
        const v = syllables([l]);
        if (v.words < 2 || v.share < 0.6) continue;
        // in reading order: before the first line that starts lower on the page
        const at = out.findIndex((o) => o.bbox[1] > l.bbox[1]);
        out.splice(at < 0 ? out.length : at, 0, l);
      }
    }
    return out;
  }

  /** columns: part lines at wide gaps (a page's two-column header); not where erased leaders left the gap */
  private read(page: Prepared, psm = this.psm, columns = true): Promise<RecognisedLine[]> {
    return new Promise((resolve, reject) => {
      this.queue.push({
        run: async (worker) => {
          try {
            await worker.setParameters({ user_defined_dpi: String(page.dpi), tessedit_pageseg_mode: psm as never });
            const res = await worker.recognize(page.image, {}, { blocks: true, text: false });
            resolve(linesOf(res.data as never, page.scale, columns ? page.width : 0));
          } catch (e) {
            reject(e instanceof Error ? e : new VanbanError(500, 'ocr_failed', `OCR failed: ${String(e)}`));
            throw e;
          }
        },
      });
      this.pump();
    });
  }

  private pump() {
    for (const slot of this.slots) {
      if (!this.queue.length) return;
      if (slot.busy) continue;
      const task = this.queue.shift()!;
      slot.busy = true;
      slot.worker ??= this.start();
      const w = slot.worker;
      w.then((worker) => task.run(worker))
        .catch(() => {
          // A worker that failed (bad image, crash) is replaced on the next page.
          if (slot.worker === w) slot.worker = null;
          void w.then((worker) => worker.terminate()).catch(() => undefined);
        })
        .finally(() => {
          slot.busy = false;
          this.pump();
        });
    }
  }

  private async start(): Promise<Worker> {
    if (this.options.relaxedSimd !== false) relaxedSimd();
    let failure: unknown = null;
    const worker = await createWorker('vie', this.oem, {
      langPath: this.langPath,
      gzip: true,
      cacheMethod: 'none',
      ...(this.oem === OEM.TESSERACT_LSTM_COMBINED ? { legacyCore: true, legacyLang: true } : {}),
      errorHandler: (e: unknown) => { failure = e; },
    });
    if (failure) throw failure;
    // No dictionary-driven word splitting surprises: keep the spaces tesseract saw. No second reading of
    // low-confidence lines inverted (white on black, which notices do not have): measured, the same words
    // on every page of the development set, ~4% less time.
    await worker.setParameters({ preserve_interword_spaces: '1', tessedit_do_invert: '0', ...this.options.params });
    return worker;
  }

  async close(): Promise<void> {
    const workers = this.slots.map((s) => s.worker).filter((w): w is Promise<Worker> => !!w);
    for (const s of this.slots) s.worker = null;
    await Promise.all(workers.map((w) => w.then((x) => x.terminate()).catch(() => undefined)));
  }
}

/** A wasm module using one relaxed-SIMD instruction (the probe tesseract.js' feature detection validates). */
const RELAXED_SIMD_PROBE = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 15, 1, 13, 0, 65, 1, 253, 15, 65, 2, 253, 15, 253, 128, 2, 11]);

/**
 * tesseract.js picks its relaxed-SIMD core when the worker's V8 validates relaxed SIMD. Node 22 does by
 * default; Node 20 (V8 11.3) has it behind --experimental-wasm-relaxed-simd, a process-wide flag that worker
 * threads started afterwards see. Measured on Node 20: byte-identical text on the 50 development pages,
 * ~2% less CPU per page (3 interleaved runs of 6-12 pages, 2.1-3.4%).
 */
function relaxedSimd(): boolean {
  if (WebAssembly.validate(RELAXED_SIMD_PROBE)) return true;
  try {
    setFlagsFromString('--experimental-wasm-relaxed-simd');
  } catch {
    return false;
  }
  return WebAssembly.validate(RELAXED_SIMD_PROBE);
}

const shift = (lines: RecognisedLine[], dx: number, dy: number): RecognisedLine[] => {
  const move = (b: [number, number, number, number]): [number, number, number, number] =>
    [Math.round(b[0] + dx), Math.round(b[1] + dy), Math.round(b[2] + dx), Math.round(b[3] + dy)];
  return lines.map((l) => ({ bbox: move(l.bbox), words: l.words.map((w) => ({ ...w, bbox: move(w.bbox) })) }));
};

/** Share and count of words that read as Vietnamese syllables: upside-down or sideways text reads as junk. */
function syllables(lines: RecognisedLine[]): { share: number; count: number; words: number } {
  let n = 0;
  let ok = 0;
  for (const l of lines) {
    for (const w of l.words) {
      const t = w.text.replace(/^[^\p{L}]+|[^\p{L}]+$/gu, '');
      if (!t) continue;
      n++;
      if (isSyllable(t)) ok++;
    }
  }
  return { share: n ? ok / n : 0, count: ok, words: n };
}

function needsOrientationRetry(lines: RecognisedLine[]): boolean {
  const s = syllables(lines);
  return s.words > 0 && s.share < UPRIGHT_SHARE;
}

/** The reading with the most Vietnamese syllables wins (confidence alone is fooled by noise). */
function orientationScore(lines: RecognisedLine[]): number {
  return syllables(lines).count + meanConfidence(lines) / 1000;
}

export type { IngestedPage };

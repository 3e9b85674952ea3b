// Photos of pages: the desk around the page, a page turned further than a scanner turns it, lines that
// turn more at one end than the other (perspective), and text drawn with coloured anti-aliasing. Real
// tesseract.js on the committed sample render, distorted here, and on real photos from ../shared.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { fringeShare, greyOfRaw } from '../../src/ingest/pixels.js';
import { ocr } from '../../src/ocr/index.js';
import { clearBackground, findSkewRaw, flattenCurves, straightenPerspective } from '../../src/ocr/preprocess.js';
import { createOcrPool } from '../../src/ocr/tesseract.js';
import { flattenLines } from '../../src/pipeline/types.js';
import { ROOT } from '../helpers/server.js';
import { ingestFile, sample, truth, wordAccuracy } from './helpers.js';

const pool = createOcrPool({ workers: 1 })!;
afterAll(() => pool.close());

const PHOTOS = join(ROOT, '../shared/realscans/photos');
const REAL_TRUTH = join(ROOT, 'samples/real/truth');

async function read(bytes: Uint8Array, name: string): Promise<string> {
  const doc = await ingestFile(bytes, name);
  return flattenLines(await ocr(doc, { recognize: pool.recognize })).map((l) => l.text).join('\n');
}

/** Grey pixels of a page of dashed lines, each line turned by angle(y) degrees (positive: falling to the right). */
function lines(w: number, h: number, angle: (y: number) => number): Uint8Array {
  const px = new Uint8Array(w * h).fill(255);
  for (let y0 = 40; y0 < h - 40; y0 += 24) {
    const t = Math.tan((angle(y0) * Math.PI) / 180);
    for (let x = 30; x < w - 30; x++) {
      if (x % 14 > 9) continue;
      const y = Math.round(y0 + (x - w / 2) * t);
      for (let d = 0; d < 4; d++) if (y + d >= 0 && y + d < h) px[(y + d) * w + x] = 0;
    }
  }
  return px;
}

/** The page bent as a photo taken at an angle: row y of the result comes from the page along a turn of
 *  top degrees at the top to bottom degrees at the bottom (written apart from vanban's own straightening). */
async function bend(png: Uint8Array, top: number, bottom: number): Promise<Buffer> {
  const { data, info } = await sharp(png).grayscale().raw().toBuffer({ resolveWithObject: true });
  const { width: w, height: h } = info;
  const out = Buffer.alloc(w * h, 255);
  for (let y = 0; y < h; y++) {
    const t = Math.tan(((top + ((bottom - top) * y) / h) * Math.PI) / 180);
    for (let x = 0; x < w; x++) {
      const sy = Math.round(y - (x - w / 2) * t);
      if (sy >= 0 && sy < h) out[y * w + x] = data[sy * w + x];
    }
  }
  return sharp(out, { raw: { width: w, height: h, channels: 1 } }).png().toBuffer();
}

describe('page preparation for photos', () => {
  it('makes the dark desk around a page paper, and leaves the print and a page without a desk alone', () => {
    const w = 200;
    const h = 240;
    const px = new Uint8Array(w * h).fill(20);
    // the page, a white quadrilateral leaning right, with a few strokes of print
    for (let y = 20; y < 220; y++) for (let x = 30 + (y >> 3); x < 170 + (y >> 3) && x < w; x++) px[y * w + x] = 245;
    for (let x = 70; x < 140; x++) for (let y = 100; y < 104; y++) px[y * w + x] = 10;
    const cleared = clearBackground(px, w, h, 0.02)!;
    expect(cleared).not.toBeNull();
    expect(cleared[0]).toBe(255);
    expect(cleared[h * w - 1]).toBe(255);
    expect(cleared[101 * w + 100]).toBe(10);
    // a plain page whose print touches the edge: no desk, nothing changed
    const plain = new Uint8Array(w * h).fill(245);
    for (let x = 0; x < 60; x++) for (let y = 50; y < 53; y++) plain[y * w + x] = 10;
    expect(clearBackground(plain, w, h, 0.02)).toBeNull();
  });

  it('straightens lines that turn from -12 degrees at the top to -4 at the bottom, and leaves a single skew to the rotation', () => {
    const w = 600;
    const h = 800;
    const bent = lines(w, h, (y) => -12 + (8 * y) / h);
    const straight = straightenPerspective(bent, w, h)!;
    expect(straight).not.toBeNull();
    for (let b = 0; b < 4; b++) {
      const band = straight.subarray(Math.floor((b * h) / 4) * w, Math.floor(((b + 1) * h) / 4) * w);
      expect(Math.abs(findSkewRaw(band, w, h / 4, 15))).toBeLessThan(1);
    }
    // a scan turned by 2 degrees all over: every band agrees
    expect(straightenPerspective(lines(w, h, () => 2), w, h)).toBeNull();
  });

  it('flattens lines that bend from side to side (a curled page), and leaves flat pages to the rotation', () => {
    const w = 900;
    const h = 1200;
    // dashed lines 24 px apart, each bent down by up to 30 px at the edges (a parabola), and a 2 degree skew
    const curled = (depth: number, skew: number) => {
      const px = new Uint8Array(w * h).fill(255);
      for (let y0 = 60; y0 < h - 60; y0 += 24) {
        for (let x = 30; x < w - 30; x++) {
          if (x % 14 > 9) continue;
          const u = (x - w / 2) / (w / 2);
          const y = Math.round(y0 + depth * u * u + (x - w / 2) * Math.tan((skew * Math.PI) / 180));
          for (let d = 0; d < 4; d++) if (y + d >= 0 && y + d < h) px[(y + d) * w + x] = 0;
        }
      }
      return px;
    };
    const strip = (px: Uint8Array, s: number) => {
      const sw = w / 6;
      const out = new Uint8Array(sw * h);
      for (let y = 0; y < h; y++) out.set(px.subarray(y * w + s * sw, y * w + (s + 1) * sw), y * sw);
      return out;
    };
    const bent = curled(30, 0);
    // before: the outer strips turn several degrees, one way on the left and the other on the right
    expect(findSkewRaw(strip(bent, 0), w / 6, h, 15)).toBeLessThan(-1.5);
    expect(findSkewRaw(strip(bent, 5), w / 6, h, 15)).toBeGreaterThan(1.5);
    const flat = flattenCurves(bent, w, h)!;
    expect(flat).not.toBeNull();
    for (let s = 0; s < 6; s++) expect(Math.abs(findSkewRaw(strip(flat, s), w / 6, h, 15))).toBeLessThan(0.6);
    // flat pages, square or turned: every strip agrees
    expect(flattenCurves(curled(0, 0), w, h)).toBeNull();
    expect(flattenCurves(curled(0, 2), w, h)).toBeNull();
  });

  it('tells the coloured fringes of anti-aliased print from coloured ink', () => {
    const w = 60;
    const h = 20;
    const rgb = new Uint8Array(w * h * 3).fill(250);
    const set = (x: number, y: number, r: number, g: number, b: number) => rgb.set([r, g, b], (y * w + x) * 3);
    // black strokes with an orange fringe on the left and a blue one on the right (subpixel rendering)
    for (let y = 5; y < 15; y++) {
      for (const x0 of [5, 15, 25]) {
        set(x0, y, 230, 140, 40);
        set(x0 + 1, y, 10, 10, 10);
        set(x0 + 2, y, 10, 10, 10);
        set(x0 + 3, y, 40, 120, 230);
      }
    }
    expect(fringeShare(rgb, w, h, 3)).toBeGreaterThan(0.8);
    // a red blot of seal ink away from the print
    const seal = new Uint8Array(w * h * 3).fill(250);
    for (let y = 2; y < 18; y++) for (let x = 30; x < 55; x++) seal.set([210, 30, 40], (y * w + x) * 3);
    for (let y = 5; y < 15; y++) seal.set([10, 10, 10], (y * w + 5) * 3);
    expect(fringeShare(seal, w, h, 3)).toBeLessThan(0.2);
  });

  it('keeps anti-aliased print dark where its fringes are coloured', async () => {
    const w = 40;
    const h = 10;
    const rgb = Buffer.alloc(w * h * 3, 250);
    for (let y = 0; y < h; y++) {
      for (const x0 of [4, 14, 24]) {
        rgb.set([230, 140, 40], (y * w + x0) * 3);
        rgb.set([30, 20, 20], (y * w + x0 + 1) * 3);
        rgb.set([40, 120, 230], (y * w + x0 + 2) * 3);
      }
    }
    const { data } = await greyOfRaw(rgb, w, h, 3);
    // the fringe pixels keep their own grey (orange ~150, blue ~110), not paper-light
    expect(data[5 * w + 4]).toBeLessThan(200);
    expect(data[5 * w + 6]).toBeLessThan(200);
  });

  it('reads a page photographed on a dark desk, turned 9 degrees', async () => {
    const page = sample('notice-1.clean.png');
    const turned = await sharp(page).rotate(-9, { background: '#202020' }).extend({ top: 60, bottom: 60, left: 60, right: 60, background: '#202020' }).png().toBuffer();
    expect(wordAccuracy(truth('notice-1.txt'), await read(new Uint8Array(turned), 'desk.png'))).toBeGreaterThan(0.9);
  });

  it('reads a page whose lines turn from -10 degrees at the top to -3 at the bottom', async () => {
    const bent = await bend(sample('notice-1.clean.png'), -10, -3);
    expect(wordAccuracy(truth('notice-1.txt'), await read(new Uint8Array(bent), 'bent.png'))).toBeGreaterThan(0.85);
  });

  it('reads a curled page (its lines 2 line heights lower at the edges than in the middle)', async () => {
    const { data, info } = await sharp(sample('notice-1.clean.png')).grayscale().raw().toBuffer({ resolveWithObject: true });
    const { width: w, height: h } = info;
    // a parabola down from the middle, written apart from vanban's flattening
    const curled = Buffer.alloc(w * h, 255);
    for (let x = 0; x < w; x++) {
      const down = Math.round(2 * 40 * ((x - w / 2) / (w / 2)) ** 2);
      for (let y = down; y < h; y++) curled[y * w + x] = data[(y - down) * w + x];
    }
    const png = new Uint8Array(await sharp(curled, { raw: { width: w, height: h, channels: 1 } }).png().toBuffer());
    expect(wordAccuracy(truth('notice-1.txt'), await read(png, 'curled.png'))).toBeGreaterThan(0.9);
  });

  it.skipIf(!existsSync(PHOTOS))('reads the real photos taken at an angle (before: no words of the one, a title line of the other)', async () => {
    for (const [name, file, floor] of [
      ['test_perspec', 'test_perspec.png', 0.25],
      ['perspective', 'perspective.png', 0.2],
    ] as const) {
      const text = await read(new Uint8Array(readFileSync(join(PHOTOS, file))), file);
      expect(wordAccuracy(readFileSync(join(REAL_TRUTH, `${name}.p1.txt`), 'utf8'), text), name).toBeGreaterThan(floor);
    }
  });
});

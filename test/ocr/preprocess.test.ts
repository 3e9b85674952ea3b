// Page preparation before tesseract: reading resolution, the median filter, deskew.
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { defaultPreprocess, findSkewRaw, flattenBackground, median3, preprocess, xHeight } from '../../src/ocr/preprocess.js';
import { sample } from './helpers.js';

describe('preprocess', () => {
  it('evens out paper lit unevenly, and leaves evenly lit paper alone', () => {
    const w = 800;
    const h = 600;
    // text-like dark strokes on paper that darkens from 240 (left) to 120 (right)
    const page = Buffer.alloc(w * h);
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        const paper = 240 - (120 * x) / w;
        page[y * w + x] = y % 20 < 3 && x % 50 < 30 ? Math.round(paper * 0.2) : Math.round(paper);
      }
    }
    const flat = flattenBackground(page, w, h, 30)!;
    expect(flat).not.toBeNull();
    const at = (b: Uint8Array, x: number, y: number) => b[y * w + x];
    // paper on both sides is near white, ink stays dark
    expect(at(flat, 10, 10)).toBeGreaterThan(245);
    expect(at(flat, 790, 10)).toBeGreaterThan(245);
    expect(at(flat, 760, 1)).toBeLessThan(80);
    expect(at(flat, 10, 1)).toBeLessThan(80);
    const even = Buffer.alloc(w * h, 235);
    expect(flattenBackground(even, w, h, 30)).toBeNull();
  });

  it('filters with the same pixels as libvips median(3), edges included', async () => {
    const w = 301;
    const h = 517; // more rows than one band, so the banded loop is crossed
    const noisy = Buffer.alloc(w * h);
    let s = 7;
    for (let i = 0; i < noisy.length; i++) noisy[i] = (s = (s * 1103515245 + 12345) % 2147483648) >> 23;
    const vips = await sharp(noisy, { raw: { width: w, height: h, channels: 1 } }).median(3).grayscale().raw().toBuffer();
    expect(Buffer.compare(await median3(noisy, w, h, 100), vips)).toBe(0);
  });

  it('smooths the pages it denoised, and only those', async () => {
    const off = { ...defaultPreprocess, smoothNoisy: 0 };
    const harsh = await preprocess(sample('notice-1.harsh.jpg'), 150);
    const harshOff = await preprocess(sample('notice-1.harsh.jpg'), 150, off);
    expect(harsh.pixels.length).toBe(harshOff.pixels.length);
    expect(Buffer.compare(harsh.pixels, harshOff.pixels)).not.toBe(0);
    const clean = await preprocess(sample('notice-1.clean.png'), 300);
    const cleanOff = await preprocess(sample('notice-1.clean.png'), 300, off);
    expect(Buffer.compare(clean.pixels, cleanOff.pixels)).toBe(0);
  });

  it('reads a 300 dpi page at the reading resolution and upscales a 75 dpi one to it', async () => {
    const clean = await preprocess(sample('notice-1.clean.png'), 300);
    expect(clean.dpi).toBe(defaultPreprocess.maxDpi);
    expect(clean.scale).toBeCloseTo(defaultPreprocess.maxDpi / 300);
    expect(clean.width).toBe(Math.round(2480 * clean.scale));
    expect(clean.image.subarray(0, 2).toString()).toBe('P5');
    expect(clean.pixels.length).toBe(clean.width * clean.height);
    const low = await preprocess(sample('notice-1.lowres75.jpg'), 75);
    expect(low.dpi).toBe(defaultPreprocess.targetDpi);
    expect(low.skew).not.toBe(0); // the 75 dpi sample is scanned 0.6 degrees off
    const kept = await preprocess(sample('notice-1.clean.png'), 300, { ...defaultPreprocess, maxDpi: 0 });
    expect([kept.dpi, kept.scale, kept.width]).toEqual([300, 1, 2480]);
  });

  it('leaves the pixels ingest handed over as they were, even when binarising in place', async () => {
    const { data, info } = await sharp(sample('notice-1.lowres100.jpg')).grayscale().raw().toBuffer({ resolveWithObject: true });
    const before = Buffer.from(data);
    const page = { data, width: info.width, height: info.height };
    const a = await preprocess(page, 300, { ...defaultPreprocess, deskew: false, maxDpi: 0, binarize: true, denoise: false });
    expect(a.scale).toBe(1);
    expect(new Set(a.pixels)).toEqual(new Set([0, 255]));
    expect(Buffer.compare(data, before)).toBe(0);
    // grey pixels and the encoded page give the same prepared page
    const fromPng = await preprocess(sample('notice-1.lowres100.jpg'), 100);
    const fromGrey = await preprocess(page, 100);
    expect(Buffer.compare(fromGrey.image, fromPng.image)).toBe(0);
  });

  it('measures the x-height and keeps small print above the floor instead of the usual 175 dpi', async () => {
    const { data, info } = await sharp(sample('notice-1.clean.png')).grayscale().raw().toBuffer({ resolveWithObject: true });
    const xh = xHeight(data, info.width, info.height, findSkewRaw(data, info.width, info.height));
    expect(xh).toBeGreaterThanOrEqual(20); // 13 pt FreeSerif at 300 dpi: ~24 px
    expect(xh).toBeLessThanOrEqual(28);
    // the same page printed at 60% (8 pt body text), still a 300 dpi A4 scan
    const shrunk = await sharp(data, { raw: { width: info.width, height: info.height, channels: 1 } })
      .resize({ width: Math.round(info.width * 0.6) }).grayscale().raw().toBuffer({ resolveWithObject: true });
    const page = Buffer.alloc(info.width * info.height, 255);
    for (let y = 0; y < shrunk.info.height; y++) shrunk.data.copy(page, y * info.width, y * shrunk.info.width, (y + 1) * shrunk.info.width);
    const png = await sharp(page, { raw: { width: info.width, height: info.height, channels: 1 } }).png().toBuffer();
    const small = await preprocess(png, 300);
    expect(small.dpi).toBeGreaterThan(240);
    expect(xHeight(small.pixels, small.width, small.height, 0)).toBeGreaterThanOrEqual(defaultPreprocess.minXHeight - 1);
  });
});

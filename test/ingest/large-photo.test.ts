// Phone photos larger than any page needs (12,000 x 9,000 px) are read, downscaled while decoding;
// EXIF rotation is applied. (An image bomb's declared size is refused before decoding: test/ocr/ingest.test.ts.)
import { readFileSync } from 'node:fs';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { defaultLimits } from '../../src/config.js';
import { decodeScale, readImage } from '../../src/ingest/image.js';

const notice = readFileSync(new URL('../../samples/scans/notice-1.clean.png', import.meta.url));

describe('large phone photos', () => {
  it('reads a 12,000 x 9,000 px photo at a bounded size, EXIF rotation applied', async () => {
    // a landscape photo (12,000 x 9,000 as stored) whose EXIF says "turn 90 degrees": a portrait page
    const stored = await sharp(notice).rotate(-90).resize(12_000, 9_000, { fit: 'fill' }).jpeg({ quality: 80 }).withMetadata({ orientation: 6 }).toBuffer();
    const meta = await sharp(stored).metadata();
    expect([meta.width, meta.height, meta.orientation]).toEqual([12_000, 9_000, 6]);
    const [page] = await readImage(new Uint8Array(stored), defaultLimits);
    const { width, height } = page.image!;
    expect(width * height).toBeLessThanOrEqual(36_000_000);
    expect(width * height).toBeGreaterThan(30_000_000);
    // portrait after rotation
    expect(height).toBeGreaterThan(width);
    const px = await page.image!.pixels();
    expect(px.length).toBe(width * height);
    // the notice's dark text is there: not a blank or a half-decoded page
    let dark = 0;
    for (let i = 0; i < px.length; i += 97) if (px[i] < 100) dark++;
    expect(dark).toBeGreaterThan(100);
  });

  it('decodes pages up to 36 M pixels at their own size', () => {
    expect(decodeScale(2480, 3508)).toBe(1);
    expect(decodeScale(6000, 6000)).toBe(1);
    expect(decodeScale(12_000, 9_000)).toBeCloseTo(Math.sqrt(36 / 108), 6);
  });

});

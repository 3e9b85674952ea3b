// Coloured ink on colour scans: a red seal and a blue signature over black print are lifted before
// OCR, the print under them still read; a page holding only a seal reads as empty. Real tesseract.js
// on a render of samples/scans/notice-1 with the ink composited over it.
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { liftColouredInk } from '../../src/ingest/pixels.js';
import { ocr } from '../../src/ocr/index.js';
import { createOcrPool } from '../../src/ocr/tesseract.js';
import { flattenLines } from '../../src/pipeline/types.js';
import { ingestFile, sample, truth, wordAccuracy } from './helpers.js';

const pool = createOcrPool({ workers: 1 })!;
afterAll(() => pool.close());

/** A red seal (rings and a star) and a blue scribble, as SVG, over the page's signature area. */
function inkSvg(width: number, height: number, cx: number, cy: number): Buffer {
  const r = 260;
  const star = Array.from({ length: 10 }, (_, i) => {
    const a = (Math.PI / 5) * i - Math.PI / 2;
    const rr = i % 2 ? 40 : 100;
    return `${cx + rr * Math.cos(a)},${cy + rr * Math.sin(a)}`;
  }).join(' ');
  return Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
    <g fill="none" stroke="rgb(215,30,40)" stroke-width="14" opacity="0.85">
      <circle cx="${cx}" cy="${cy}" r="${r}"/><circle cx="${cx}" cy="${cy}" r="${r - 45}"/>
    </g>
    <polygon points="${star}" fill="rgb(215,30,40)" opacity="0.85"/>
    <path d="M ${cx - 300} ${cy + 120} C ${cx - 100} ${cy - 200}, ${cx + 100} ${cy + 250}, ${cx + 320} ${cy - 60}" stroke="rgb(30,50,170)" stroke-width="9" fill="none"/>
  </svg>`);
}

async function read(png: Buffer): Promise<string> {
  const doc = await ingestFile(new Uint8Array(png), 'ink.png');
  return flattenLines(await ocr(doc, { recognize: pool.recognize })).map((l) => l.text).join('\n');
}

describe('coloured ink', () => {
  it('lifts red and blue ink, keeps black print and black over red, leaves neutral pixels alone', () => {
    // red seal, blue ink, black print, black print under red ink, grey paper, dark grey print
    const rgb = Uint8Array.from([215, 30, 40, 30, 50, 170, 20, 20, 20, 60, 15, 20, 235, 235, 235, 90, 90, 90]);
    const grey = Uint8Array.from([90, 55, 20, 30, 235, 90]);
    expect(liftColouredInk(rgb, 3, grey)).toBe(2);
    expect(grey[0]).toBeGreaterThan(200);
    expect(grey[1]).toBeGreaterThan(200);
    expect(Array.from(grey.slice(2))).toEqual([20, 30, 235, 90]);
  });

  it('reads the print under a red seal and a blue signature', async () => {
    const page = sample('notice-1.clean.png');
    const { width, height } = await sharp(page).metadata();
    // over the middle of the body text: the words under the ink must still be read
    const inked = await sharp(page).composite([{ input: inkSvg(width!, height!, width! / 2, height! * 0.45), blend: 'multiply' }]).png().toBuffer();
    const plain = wordAccuracy(truth('notice-1.txt'), await read(Buffer.from(page)));
    const withInk = wordAccuracy(truth('notice-1.txt'), await read(inked));
    expect(withInk).toBeGreaterThan(0.95);
    expect(withInk).toBeGreaterThan(plain - 0.03);
  });

  it('reads a page that holds only a seal as empty', async () => {
    const blank = await sharp({ create: { width: 1654, height: 2339, channels: 3, background: { r: 250, g: 248, b: 244 } } })
      .composite([{ input: inkSvg(1654, 2339, 827, 1100), blend: 'multiply' }])
      .png()
      .toBuffer();
    expect((await read(blank)).trim()).toBe('');
  });
});

// Real tesseract.js (local vie model) on committed sample scans: text, order, confidences, boxes.
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { defaultLimits } from '../../src/config.js';
import { readImage } from '../../src/ingest/image.js';
import { ocr } from '../../src/ocr/index.js';
import { createOcrPool } from '../../src/ocr/tesseract.js';
import { flattenLines } from '../../src/pipeline/types.js';
import { degrade, VARIANTS } from '../../scripts/samples/degrade.js';
import { layoutLines, renderPage } from '../../scripts/samples/layout.js';
import { makeBadInputs } from '../../scripts/samples/make-bad-inputs.js';
import { tempDir } from '../helpers/server.js';
import { ingestFile, sample, truth, wordAccuracy } from './helpers.js';
import { levenshtein } from '../../src/text/distance.js';

const pool = createOcrPool({ workers: 2 })!;
afterAll(() => pool.close());

async function read(file: string) {
  const doc = await ingestFile(sample(file), file);
  const pages = await ocr(doc, { recognize: pool.recognize });
  return { pages, text: flattenLines(pages).map((l) => l.text).join('\n') };
}

describe('tesseract.js pool', () => {
  it('is available offline from the installed model package', () => {
    expect(pool).not.toBeNull();
  });

  it('reads a clean 300 dpi notice word for word, issuer column before the motto', async () => {
    const { pages, text } = await read('notice-1.clean.png');
    expect(wordAccuracy(truth('notice-1.txt'), text)).toBeGreaterThanOrEqual(0.99);
    const lines = pages.pages[0].lines;
    expect(lines.slice(0, 4).map((l) => l.text)).toEqual(['ỦY BAN NHÂN DÂN', 'XÃ TÂN HÒA', 'Số: 27/TB-UBND', 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM']);
    expect(pages.pages[0].source).toBe('ocr');
    for (const l of lines) {
      expect(l.page).toBe(1);
      expect(l.confidence).toBeGreaterThan(50);
      expect(l.words!.map((w) => w.text).join(' ')).toBe(l.text);
      for (const w of l.words!) {
        const [x0, y0, x1, y1] = w.bbox!;
        expect(x1).toBeGreaterThan(x0);
        expect(y1).toBeGreaterThan(y0);
        expect(x1).toBeLessThanOrEqual(2480);
      }
    }
  });

  it('upscales a 75 dpi scan and still reads most words', async () => {
    const { text } = await read('notice-1.lowres75.jpg');
    expect(wordAccuracy(truth('notice-1.txt'), text)).toBeGreaterThanOrEqual(0.9);
  });

  it('evens out uneven light before reading (a page darker towards one corner)', async () => {
    // without flattening this sample reads 95% of its words (the darkened corner's lines break up)
    const { text } = await read('notice-1.shadow.jpg');
    expect(wordAccuracy(truth('notice-1.txt'), text)).toBeGreaterThanOrEqual(0.99);
  });

  it('finds the orientation of an upside-down scan', async () => {
    const { text } = await read('notice-3.upside-down.jpg');
    expect(text).toContain('Độc lập - Tự do - Hạnh phúc');
    expect(wordAccuracy(truth('notice-3.txt'), text)).toBeGreaterThanOrEqual(0.9);
  });

  it('bounds its queue: pages beyond it are refused with 503, the others read', async () => {
    const small = createOcrPool({ workers: 1, maxQueue: 1, orientation: false })!;
    try {
      const sharp = (await import('sharp')).default;
      const strip = await sharp(sample('notice-1.clean.png')).extract({ left: 0, top: 150, width: 2480, height: 220 }).png().toBuffer();
      const [page] = await readImage(new Uint8Array(strip), defaultLimits);
      const results = await Promise.allSettled([1, 2, 3, 4].map(() => small.recognize(page)));
      expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled', 'rejected']); // 2 admitted (1 worker + 1), 1 waiting, 1 refused
      expect((results[3] as PromiseRejectedResult).reason).toMatchObject({ status: 503, code: 'ocr_busy' });
      expect((results[0] as PromiseFulfilledResult<{ lines: { text: string }[] }>).value.lines[0].text).toBe('ỦY BAN NHÂN DÂN');
    } finally {
      await small.close();
    }
  });

  it('finds the one line of a noisy, nearly empty page (a signature page) and reads a noisy blank page as empty', async () => {
    const render = async (lines: string[]) => {
      const png = await renderPage(layoutLines(lines)[0] ?? { lines: [], truth: [] });
      const { bytes } = await degrade(png, VARIANTS.harsh);
      return (await ocr(await ingestFile(new Uint8Array(bytes)), { recognize: pool.recognize })).pages[0].lines;
    };
    const lines = await render(['Trần Minh Khôi']);
    // the one line is found; on a harsh page an engine build may misread a mark ("Trìn"), so the words are
    // checked with one letter of slack each
    expect(lines).toHaveLength(1);
    const read = lines[0].text.split(' ');
    expect(read).toHaveLength(3);
    ['Trần', 'Minh', 'Khôi'].forEach((w, i) => expect(levenshtein(read[i], w), read[i]).toBeLessThanOrEqual(1));
    // boxes refer to the page, not to the part read again: the line is in the page's upper left
    const [x0, y0] = lines[0].words![0].bbox!;
    expect(x0).toBeGreaterThan(100);
    expect(y0).toBeGreaterThan(100);
    expect(y0).toBeLessThan(600);
    expect(await render([])).toEqual([]);
  });

  it('reads a blank page as no lines, not an error', async () => {
    const tmp = tempDir('vanban-blank-');
    try {
      const files = await makeBadInputs(tmp.dir);
      const doc = await ingestFile(new Uint8Array(readFileSync(files['blank.png'])));
      const pages = await ocr(doc, { recognize: pool.recognize });
      expect(pages.pages).toHaveLength(1);
      expect(pages.pages[0].lines).toEqual([]);
    } finally {
      tmp.cleanup();
    }
  });
});

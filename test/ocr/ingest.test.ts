// Ingest of real images and PDFs (no OCR): page splitting, DPI, text layers judged, bad inputs refused.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { defaultLimits } from '../../src/config.js';
import { VanbanError } from '../../src/errors.js';
import { readImagePages } from '../../src/ingest/image.js';
import { readPdfPages } from '../../src/ingest/pdf.js';
import { PixelBudget } from '../../src/ingest/pixels.js';
import { judgeTextLayer, isSyllable } from '../../src/ingest/textlayer.js';
import sharp from 'sharp';
import { makeBadInputs, type BadInput } from '../../scripts/samples/make-bad-inputs.js';
import { tempDir } from '../helpers/server.js';
import { ingestFile, sample, truth, wordAccuracy } from './helpers.js';

describe('images', () => {
  it('reads PNG, JPEG and WebP as one image page with the declared DPI', async () => {
    for (const [file, dpi] of [['notice-1.clean.png', 300], ['notice-1.harsh.jpg', 150], ['notice-1.lowres75.jpg', 75], ['notice-3.degraded.webp', 150]] as const) {
      const doc = await ingestFile(sample(file), file);
      expect(doc.pages, file).toHaveLength(1);
      expect(doc.pages[0].kind).toBe('image');
      expect(doc.needsOcr).toBe(true);
      // WebP carries no density: estimated from an A4 width
      expect(Math.abs(doc.pages[0].dpi! - dpi), file).toBeLessThanOrEqual(dpi * 0.1);
      // decoded grey pixels, not an encoded image
      const image = doc.pages[0].image!;
      expect((await image.pixels()).length, file).toBe(image.width * image.height);
    }
  });

  it('splits a multi-page TIFF into pages', async () => {
    const doc = await ingestFile(sample('notice-2.tiff'));
    expect(doc.mediaType).toBe('image/tiff');
    expect(doc.pages.map((p) => [p.number, p.kind, p.dpi])).toEqual([[1, 'image', 150], [2, 'image', 150]]);
  });
});

describe('decoded pages', () => {
  const same = async (a: { image?: { pixels(): Promise<Uint8Array> } }, b: { image?: { pixels(): Promise<Uint8Array> } }) =>
    Buffer.compare(Buffer.from(await a.image!.pixels()), Buffer.from(await b.image!.pixels())) === 0;

  it('are the pixels a PNG hand-off gave, turned upright', async () => {
    const jpg = sample('notice-1.harsh.jpg');
    // EXIF orientation 6: stored on its side, shown upright
    const sideways = await sharp(jpg).rotate(-90).withMetadata({ orientation: 6 }).jpeg({ quality: 95 }).toBuffer();
    const [page] = (await ingestFile(new Uint8Array(sideways))).pages;
    const png = await sharp(sideways).autoOrient().png().toBuffer();
    const { data, info } = await sharp(png).grayscale().raw().toBuffer({ resolveWithObject: true });
    expect([page.image!.width, page.image!.height]).toEqual([info.width, info.height]);
    expect(info.height).toBeGreaterThan(info.width);
    expect(Buffer.compare(Buffer.from(await page.image!.pixels()), data)).toBe(0);
  });

  it('past the budget of a long document are decoded again when asked, to the same pixels', async () => {
    const tiff = sample('notice-2.tiff');
    const held = await readImagePages(tiff, defaultLimits);
    // room for the first page only: the second is decoded again from the file
    const budget = await readImagePages(tiff, defaultLimits, new PixelBudget(held[0].image!.width * held[0].image!.height));
    for (let i = 0; i < 2; i++) expect(await same(held[i], budget[i]), `page ${i + 1}`).toBe(true);
    const pdf = sample('notice-2.scanned.pdf');
    const pdfHeld = await readPdfPages(pdf, defaultLimits);
    // none held: each PDF page kept as a PNG of its grey pixels
    const pdfKept = await readPdfPages(pdf, defaultLimits, new PixelBudget(0));
    for (let i = 0; i < 2; i++) expect(await same(pdfHeld[i], pdfKept[i]), `PDF page ${i + 1}`).toBe(true);
  });
});

describe('PDFs', () => {
  it('takes a word-processor text layer as text, issuer column before the motto column', async () => {
    const doc = await ingestFile(sample('notice-3.text.pdf'));
    expect(doc.needsOcr).toBe(false);
    expect(doc.pages).toHaveLength(1);
    const text = doc.pages[0].text!;
    expect(text.split('\n').slice(0, 4)).toEqual(['ỦY BAN NHÂN DÂN', 'PHƯỜNG BẾN THỦY', 'Số: 64/TB-UBND', 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM']);
    expect(wordAccuracy(truth('notice-3.txt'), text)).toBe(1);
  });

  it('renders or extracts scanned pages as images at their own resolution', async () => {
    const doc = await ingestFile(sample('notice-2.scanned.pdf'));
    expect(doc.pages.map((p) => p.kind)).toEqual(['image', 'image']);
    // the embedded 150 dpi JPEG is taken as it is, not resampled to 300 dpi
    expect(doc.pages[0].dpi).toBeGreaterThanOrEqual(145);
    expect(doc.pages[0].dpi).toBeLessThanOrEqual(155);
  });

  it('reads a mixed PDF page by page', async () => {
    const doc = await ingestFile(sample('notice-2.mixed.pdf'));
    expect(doc.pages.map((p) => p.kind)).toEqual(['text', 'image']);
    expect(doc.pages[0].text).toContain('Chi cục Thủy lợi');
  });

  it('distrusts a scanner OCR layer made without a Vietnamese model and keeps it as a hint', async () => {
    const doc = await ingestFile(sample('notice-1.scanner-layer.pdf'));
    expect(doc.pages[0].kind).toBe('image');
    expect(doc.pages[0].hint).toMatch(/CONG|C6NG|Cong/i);
    expect(Math.abs(doc.pages[0].dpi! - 200)).toBeLessThanOrEqual(6);
  });
});

describe('text layer judge', () => {
  it('accepts Vietnamese prose and rejects what an English OCR engine makes of it', () => {
    const good = readFileSync(new URL('../../samples/scans/notice-1.txt', import.meta.url), 'utf8');
    expect(judgeTextLayer(good).usable).toBe(true);
    expect(judgeTextLayer('CONG Hcok xA HQI CHiJ NGHiA VIVT NAM\nS6: 463Y/TB-UBND Két luén ciia Chii tich UBND tinh tai cudc hop').usable).toBe(false);
    expect(judgeTextLayer('Cong hoa xa hoi chu nghia Viet Nam, doc lap tu do hanh phuc, ket luan cua chu tich').usable).toBe(false);
    // a layer in a legacy Vietnamese font encoding (TCVN3/ABC shown as Latin-1): mojibake, distrusted
    expect(judgeTextLayer('Céng hoµ x· héi chñ nghÜa ViÖt Nam\n§éc lËp - Tù do - H¹nh phóc\nTh«ng b¸o kÕt luËn cña Chñ tÞch UBND tØnh').usable).toBe(false);
    expect(isSyllable('nghiêng')).toBe(true);
    expect(isSyllable('Hcok')).toBe(false);
  });
});

describe('bad inputs', () => {
  const tmp = tempDir('vanban-bad-');
  let files: Record<BadInput, string>;
  beforeAll(async () => {
    files = await makeBadInputs(tmp.dir);
  });
  afterAll(() => tmp.cleanup());

  const refuse = async (name: BadInput, limits = defaultLimits) => {
    try {
      await ingestFile(new Uint8Array(readFileSync(files[name])), name, limits);
    } catch (e) {
      expect(e, name).toBeInstanceOf(VanbanError);
      return e as VanbanError;
    }
    throw new Error(`${name} was accepted`);
  };

  it('refuses each with its own status and code', async () => {
    const expected: [BadInput, number, string, RegExp][] = [
      ['truncated.png', 422, 'corrupt_image', /cannot be decoded/],
      ['truncated.jpg', 422, 'corrupt_image', /premature end/i],
      ['bomb.png', 413, 'too_large', /50000 x 50000/],
      ['not-a-pdf.pdf', 422, 'invalid_pdf', /not a readable PDF/],
      ['binary.pdf', 415, 'binary_data', /neither/],
      ['truncated.pdf', 422, 'invalid_pdf', /not a readable PDF/],
      ['encrypted.pdf', 422, 'encrypted_pdf', /password/],
      ['empty.pdf', 422, 'empty_pdf', /no pages/],
      ['pages-500.pdf', 413, 'too_large', /500 pages; the limit is 200/],
      ['corrupt-page2.tiff', 422, 'corrupt_image', /^page 2 of 2: .*whole file is refused/],
    ];
    for (const [name, status, code, message] of expected) {
      const e = await refuse(name);
      expect([name, e.status, e.code], e.message).toEqual([name, status, code]);
      expect(e.message, name).toMatch(message);
    }
  });

  it('checks the declared size before decoding an image bomb', async () => {
    const t = Date.now();
    await refuse('bomb.png');
    expect(Date.now() - t).toBeLessThan(500);
  });

  it('refuses a corrupt page past the budget of decoded pixels too (checked at upload, decoded for OCR later)', async () => {
    const bytes = new Uint8Array(readFileSync(files['corrupt-page2.tiff']));
    const e = await readImagePages(bytes, defaultLimits, new PixelBudget(0)).catch((x: unknown) => x);
    expect(e).toMatchObject({ status: 422, code: 'corrupt_image' });
    expect((e as VanbanError).message).toMatch(/^page 2 of 2: .*whole file is refused/);
  });

  it('keeps both pages of the intact TIFF the corrupt one was made from', async () => {
    const doc = await ingestFile(new Uint8Array(readFileSync(files['two-pages.tiff'])));
    expect(doc.pages).toHaveLength(2);
  });

  it('reads a blank page as an image page (OCR makes it empty text, not an error)', async () => {
    const doc = await ingestFile(new Uint8Array(readFileSync(files['blank.png'])));
    expect(doc.pages).toHaveLength(1);
  });
});

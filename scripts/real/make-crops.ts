// Small committed crops of real pages for tests that must not need ../shared: the header region of a page
// of ../shared/realscans, as ingest decodes it (the PDF's embedded scan at its own resolution, grey), cut
// to the given share of the page and written as PNG to test/fixtures/real/.
//
//   npx tsx scripts/real/make-crops.ts
//
// Skips with a message when ../shared/realscans is absent; the crops in the repository stay as they are.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import sharp from 'sharp';
import { defaultLimits } from '../../src/config.js';
import { readImage } from '../../src/ingest/image.js';
import { ingest } from '../../src/ingest/index.js';
import { readPdf } from '../../src/ingest/pdf.js';

const ROOT = new URL('../../', import.meta.url).pathname;
const SCANS = resolve(ROOT, '../shared/realscans');
const OUT = join(ROOT, 'test/fixtures/real');

/** file under realscans, page, and the crop as shares of the page: left, top, width, height */
export const CROPS = [
  // the two-column header of a signed colour scan (thông báo 46/TB-UBND, Quảng Ngãi, 2025): issuer and number left, motto and date right
  { name: 'qn-46-tb.p1.header.png', file: 'pdf/qn-46-tb.pdf', page: 1, box: [0, 0, 1, 0.17] as const },
];

if (!existsSync(SCANS)) {
  console.error(`skipped: ${SCANS} is not here`);
  process.exit(0);
}
mkdirSync(OUT, { recursive: true });
const readers = { 'application/pdf': readPdf, 'image/png': readImage, 'image/jpeg': readImage } as const;
for (const c of CROPS) {
  const bytes = new Uint8Array(readFileSync(join(SCANS, c.file)));
  const doc = await ingest({ bytes, filename: c.file }, { limits: defaultLimits, readers });
  const page = doc.pages.find((p) => p.number === c.page);
  if (!page?.image) throw new Error(`${c.file} p${c.page}: no page image`);
  const { width, height } = page.image;
  const px = Buffer.from(await page.image.pixels());
  const [l, t, w, h] = c.box;
  const region = { left: Math.round(l * width), top: Math.round(t * height), width: Math.round(w * width), height: Math.round(h * height) };
  const png = await sharp(px, { raw: { width, height, channels: 1 } })
    .extract(region)
    .withMetadata({ density: page.dpi ?? 300 })
    .png({ compressionLevel: 9, palette: true, colours: 16, dither: 0 })
    .toBuffer();
  writeFileSync(join(OUT, c.name), png);
  console.log(`${c.name}: ${region.width}x${region.height} at ${page.dpi ?? '?'} dpi, ${(png.length / 1024).toFixed(0)} KB`);
}

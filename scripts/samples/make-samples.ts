// Renders notices into realistic scans and PDFs, with their truth text.
//
//   npx tsx scripts/samples/make-samples.ts                 -> samples/scans (the small committed set)
//   npx tsx scripts/samples/make-samples.ts --dev DIR [--extra TXT_DIR] [--pages N]
//                                                          -> a larger evaluation set in DIR (not committed)
//        [--font freeserif|liberation|dejavu|noto]         -> every page in that font only (default: the first found, below)
//        [--variants harsh,lowres100,blur100]              -> with --dev: these variants only (default: those of VARIANTS;
//                                                             blur100 and the other EXTRA_VARIANTS only when named)
//   npx tsx scripts/samples/make-samples.ts --out DIR [--font NAME]  -> the committed set, written to DIR instead
//
// Sources: samples/scans/src/*.txt (notices written for this project). --extra adds plain line-broken
// notices (e.g. a local development set) for evaluation only; never commit renders of those.
// Fonts: FreeSerif (fonts-freefont-ttf), or Liberation Serif 2 / DejaVu Serif; see samples/scans/README.md.
// --font NAME: liberation (fonts-liberation2, a Times New Roman metric clone), dejavu (fonts-dejavu-core),
// noto (Noto Serif, fonts-noto-core), freeserif (fonts-freefont-ttf); see FONT_CHOICES in layout.ts.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parseArgs } from 'node:util';
import { PDFDocument as CanvasPdf } from '@napi-rs/canvas';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import sharp from 'sharp';
import { ALL_VARIANTS, degrade, VARIANTS, type Degradation } from './degrade.js';
import { drawPage, layoutLines, layoutNotice, PAGE_H, PAGE_W, registerFonts, renderPage, type LaidOutPage } from './layout.js';

export interface SampleEntry {
  file: string;
  truth: string;
  /** clean, degraded, harsh, lowres100, lowres75, text-layer, scanned-pdf, ... */
  variant: string;
  pages: number;
}

const ROOT = new URL('../../', import.meta.url).pathname;

async function main() {
  const { values } = parseArgs({
    options: {
      dev: { type: 'string' },
      extra: { type: 'string' },
      pages: { type: 'string' },
      font: { type: 'string' },
      variants: { type: 'string' },
      out: { type: 'string' },
    },
  });
  if (values.font && values.font !== 'freeserif' && !values.dev && !values.out) {
    throw new Error('samples/scans is rendered in FreeSerif: give --out DIR (or --dev DIR) with --font');
  }
  const variants = values.variants?.split(',').filter(Boolean) ?? Object.keys(VARIANTS);
  for (const v of variants) if (!ALL_VARIANTS[v]) throw new Error(`unknown variant ${v}; one of ${Object.keys(ALL_VARIANTS).join(', ')}`);
  if (values.variants && !values.dev) throw new Error('--variants applies to --dev sets only');
  registerFonts(values.font);
  if (values.dev) await makeDevSet(values.dev, values.extra, Number(values.pages ?? 2), variants);
  else await makeCommittedSet(values.out ?? join(ROOT, 'samples/scans'));
}

function loadSources(): { name: string; pages: LaidOutPage[] }[] {
  const dir = join(ROOT, 'samples/scans/src');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.txt'))
    .sort()
    .map((f) => ({ name: basename(f, '.txt'), pages: layoutNotice(readFileSync(join(dir, f), 'utf8')) }));
}

const truthOf = (pages: LaidOutPage[]) => pages.flatMap((p) => p.truth).join('\n') + '\n';

async function makeCommittedSet(out: string) {
  mkdirSync(out, { recursive: true });
  const src = Object.fromEntries(loadSources().map((s) => [s.name, s.pages]));
  const manifest: SampleEntry[] = [];
  const put = (file: string, bytes: Uint8Array, truth: string, variant: string, pages: number) => {
    writeFileSync(join(out, file), bytes);
    manifest.push({ file, truth, variant, pages });
  };
  for (const [name, pages] of Object.entries(src)) writeFileSync(join(out, `${name}.txt`), truthOf(pages));

  // notice-1: one page in every image variant
  const n1 = await renderPage(src['notice-1'][0]);
  for (const v of ['clean', 'degraded', 'harsh', 'lowres100', 'lowres75', 'shadow'] as const) {
    const d = await degrade(n1, VARIANTS[v]);
    put(`notice-1.${v}.${d.ext}`, d.bytes, 'notice-1.txt', v, 1);
  }
  // notice-3: WebP photo-like copy, and an upside-down scan (orientation)
  const n3 = await renderPage(src['notice-3'][0]);
  const webp = await sharp((await degrade(n3, { ...VARIANTS.degraded, dpi: 150, jpeg: undefined })).bytes).webp({ quality: 50 }).toBuffer();
  put('notice-3.degraded.webp', webp, 'notice-3.txt', 'degraded', 1);
  const upside = await degrade(n3, { ...VARIANTS.degraded, dpi: 150, turn: 180 });
  put(`notice-3.upside-down.${upside.ext}`, upside.bytes, 'notice-3.txt', 'rotated-180', 1);
  // notice-2: two pages as a multi-page TIFF and as a scanned PDF
  const n2 = await Promise.all(src['notice-2'].map((p) => renderPage(p)));
  put('notice-2.tiff', await multiPageTiff(n2, 150), 'notice-2.txt', 'tiff-2-pages', n2.length);
  const scans2 = await Promise.all(n2.map((p, i) => degrade(p, { ...VARIANTS.degraded, dpi: 150, seed: 10 + i })));
  put('notice-2.scanned.pdf', await scannedPdf(scans2.map((s) => s.bytes)), 'notice-2.txt', 'scanned-pdf', n2.length);
  // text-layer PDF (fonts embedded), and a mixed one: page 1 text layer, page 2 a scan
  put('notice-3.text.pdf', textPdf(src['notice-3']), 'notice-3.txt', 'text-layer', 1);
  put('notice-2.mixed.pdf', await mixedPdf(src['notice-2'][0], scans2[1].bytes), 'notice-2.txt', 'mixed-pdf', 2);
  // a scanner's own OCR layer made without a Vietnamese model, over the scan: must be OCR'd again
  const s1 = await degrade(n1, VARIANTS.degraded);
  put('notice-1.scanner-layer.pdf', await scannerLayerPdf(s1.bytes, src['notice-1'][0]), 'notice-1.txt', 'scanner-layer-pdf', 1);

  writeFileSync(join(out, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
  console.log(`${manifest.length} samples in ${out}`);
}

async function makeDevSet(out: string, extra: string | undefined, maxPages: number, variants: string[]) {
  mkdirSync(out, { recursive: true });
  const sources = loadSources();
  if (extra) {
    for (const f of readdirSync(extra).filter((x) => x.endsWith('.txt')).sort()) {
      const pages = layoutLines(readFileSync(join(extra, f), 'utf8').split('\n')).slice(0, maxPages);
      sources.push({ name: basename(f, '.txt').slice(0, 12), pages });
    }
  }
  const manifest: SampleEntry[] = [];
  for (const s of sources) {
    for (const [i, page] of s.pages.entries()) {
      const truth = `${s.name}.p${i + 1}.txt`;
      writeFileSync(join(out, truth), page.truth.join('\n') + '\n');
      const png = await renderPage(page);
      for (const [v, d] of Object.entries(ALL_VARIANTS).filter(([name]) => variants.includes(name))) {
        const r = await degrade(png, { ...d, seed: (d.seed ?? 1) * 100 + i } as Degradation);
        const file = `${s.name}.p${i + 1}.${v}.${r.ext}`;
        writeFileSync(join(out, file), r.bytes);
        manifest.push({ file, truth, variant: v, pages: 1 });
      }
    }
  }
  writeFileSync(join(out, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
  console.log(`${manifest.length} samples in ${out}`);
}

/** Multi-page greyscale TIFF (LZW), pages stacked for libvips with a page height. */
export async function multiPageTiff(pages300: Buffer[], dpi: number): Promise<Buffer> {
  const raws = await Promise.all(
    pages300.map(async (p) => {
      const m = await sharp(p).metadata();
      return sharp(p).grayscale().resize({ width: Math.round((m.width! * dpi) / 300) }).raw().toBuffer({ resolveWithObject: true });
    }),
  );
  const { width, height } = raws[0].info;
  const stacked = Buffer.concat(raws.map((r) => r.data.subarray(0, width * height)));
  return sharp(stacked, { raw: { width, height: height * raws.length, channels: 1, pageHeight: height } as never })
    .tiff({ compression: 'lzw', predictor: 'horizontal', xres: dpi / 25.4, yres: dpi / 25.4 })
    .toBuffer();
}

/** Image-only PDF: each scan fills an A4 page, JPEG kept as is. */
export async function scannedPdf(images: Buffer[]): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  for (const img of images) {
    const embedded = img[0] === 0xff ? await pdf.embedJpg(img) : await pdf.embedPng(img);
    const page = pdf.addPage([PAGE_W, PAGE_H]);
    page.drawImage(embedded, { x: 0, y: 0, width: PAGE_W, height: PAGE_H });
  }
  return pdf.save();
}

/** PDF with real text (fonts embedded by Skia), as a word processor exports it. */
export function textPdf(pages: LaidOutPage[]): Uint8Array {
  const doc = new CanvasPdf({ title: 'Thông báo', creator: 'vanban samples' });
  for (const p of pages) {
    drawPage(doc.beginPage(PAGE_W, PAGE_H) as unknown as Parameters<typeof drawPage>[0], p);
    doc.endPage();
  }
  return new Uint8Array(doc.close());
}

async function mixedPdf(textPage: LaidOutPage, scan: Buffer): Promise<Uint8Array> {
  const pdf = await PDFDocument.load(textPdf([textPage]));
  const img = scan[0] === 0xff ? await pdf.embedJpg(scan) : await pdf.embedPng(scan);
  pdf.addPage([PAGE_W, PAGE_H]).drawImage(img, { x: 0, y: 0, width: PAGE_W, height: PAGE_H });
  return pdf.save();
}

/** Scan plus an invisible text layer as an office scanner without a Vietnamese model writes it. */
async function scannerLayerPdf(scan: Buffer, page: LaidOutPage): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  const img = scan[0] === 0xff ? await pdf.embedJpg(scan) : await pdf.embedPng(scan);
  const p = pdf.addPage([PAGE_W, PAGE_H]);
  p.drawImage(img, { x: 0, y: 0, width: PAGE_W, height: PAGE_H });
  for (const [i, l] of page.lines.entries()) {
    const text = mangle(l.text, i);
    const w = font.widthOfTextAtSize(text, l.size);
    const x = l.align === 'center' ? l.x - w / 2 : l.x;
    p.drawText(text, { x, y: PAGE_H - l.y, size: l.size, font, opacity: 0 });
  }
  return pdf.save();
}

/** What an English-only OCR engine makes of Vietnamese: marks dropped, letters misread, case flips. */
export function mangle(text: string, seed: number): string {
  let k = seed * 7 + 3;
  const flip = () => (k = (k * 1103515245 + 12345) % 2147483648) / 2147483648;
  return [...text.normalize('NFC')]
    .map((ch) => {
      const base = ch.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'D');
      if (base !== ch) {
        const r = flip();
        if (/[ôố]/i.test(ch) && r < 0.4) return '6';
        if (r < 0.25) return base === base.toUpperCase() ? base.toLowerCase() : base.toUpperCase();
        if (r < 0.35) return 'c';
      }
      return base.replace(/[^\x20-\x7e]/g, '?');
    })
    .join('');
}

if (import.meta.url === `file://${process.argv[1]}`) await main();

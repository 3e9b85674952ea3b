// Writes the bad inputs the service must refuse cleanly (or, for a blank page, read as empty):
//
//   npx tsx scripts/samples/make-bad-inputs.ts [DIR=test/fixtures/scans/bad]
//
// Tests call makeBadInputs(tmpDir) at run time, so nothing large is committed.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PDFDocument } from 'pdf-lib';
import sharp from 'sharp';

const ROOT = new URL('../../', import.meta.url).pathname;
const SCANS = join(ROOT, 'samples/scans');

export type BadInput =
  | 'truncated.png' | 'truncated.jpg' | 'bomb.png' | 'not-a-pdf.pdf' | 'binary.pdf' | 'truncated.pdf'
  | 'encrypted.pdf' | 'empty.pdf' | 'pages-500.pdf' | 'blank.png' | 'corrupt-page2.tiff' | 'two-pages.tiff';

/** Writes every bad input into dir; returns name -> path. */
export async function makeBadInputs(dir: string): Promise<Record<BadInput, string>> {
  mkdirSync(dir, { recursive: true });
  const files = {} as Record<BadInput, string>;
  const put = (name: BadInput, bytes: Uint8Array) => {
    files[name] = join(dir, name);
    writeFileSync(files[name], bytes);
  };
  const png = readFileSync(join(SCANS, 'notice-1.clean.png'));
  const jpg = readFileSync(join(SCANS, 'notice-1.degraded.jpg'));
  const scanned = readFileSync(join(SCANS, 'notice-2.scanned.pdf'));
  put('truncated.png', png.subarray(0, Math.floor(png.length * 0.4)));
  put('truncated.jpg', jpg.subarray(0, Math.floor(jpg.length * 0.5)));
  put('bomb.png', bombPng(50_000, 50_000));
  // PDF magic, then garbage: sniffed as PDF, refused by the parser
  put('not-a-pdf.pdf', Buffer.concat([Buffer.from('%PDF-1.7\n'), pseudoRandom(4096, 7)]));
  // no PDF magic at all, whatever the name says
  put('binary.pdf', pseudoRandom(4096, 9));
  put('truncated.pdf', scanned.subarray(0, Math.floor(scanned.length * 0.5)));
  put('encrypted.pdf', encryptedPdf());
  put('empty.pdf', await emptyPdf());
  put('pages-500.pdf', await manyPagesPdf(500));
  put('blank.png', await sharp(Buffer.alloc(2480 * 3508, 250), { raw: { width: 2480, height: 3508, channels: 1 } }).png().withMetadata({ density: 300 }).toBuffer());
  const tiff = await twoPageTiff();
  put('two-pages.tiff', tiff);
  put('corrupt-page2.tiff', corruptSecondPage(tiff));
  return files;
}

/** A PNG whose header declares width x height; the pixel data is a few bytes (decoding would explode). */
function bombPng(width: number, height: number): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 0; // grey
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', Buffer.from([0x78, 0x9c, 0x63, 0x00, 0x00, 0x00, 0x01, 0x00, 0x01])),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

function crc32(b: Buffer): number {
  let c = 0xffffffff;
  for (const byte of b) {
    c ^= byte;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
  }
  return (c ^ 0xffffffff) >>> 0;
}

function pseudoRandom(n: number, seed: number): Buffer {
  const out = Buffer.alloc(n);
  let x = seed;
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    out[i] = x >> 16;
  }
  return out;
}

/** A one-page PDF protected by a user password (standard security handler, RC4 40-bit). */
function encryptedPdf(): Buffer {
  const hex = (seed: number) => pseudoRandom(32, seed).toString('hex');
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>',
    `<< /Filter /Standard /V 1 /R 2 /O <${hex(3)}> /U <${hex(5)}> /P -44 >>`,
  ];
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(body.length);
    body += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const off of offsets) body += `${String(off).padStart(10, '0')} 00000 n \n`;
  const id = pseudoRandom(16, 11).toString('hex');
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R /Encrypt 4 0 R /ID [<${id}> <${id}>] >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

async function emptyPdf(): Promise<Uint8Array> {
  return (await PDFDocument.create()).save({ addDefaultPage: false });
}

async function manyPagesPdf(n: number): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  for (let i = 0; i < n; i++) pdf.addPage([595, 842]);
  return pdf.save();
}

/** Two small greyscale pages, uncompressed, one strip per page (so the strip table is easy to find). */
async function twoPageTiff(): Promise<Buffer> {
  const w = 600;
  const h = 400;
  const page = Buffer.alloc(w * h, 255);
  for (let y = 100; y < 110; y++) page.fill(0, y * w + 100, y * w + 500);
  return sharp(Buffer.concat([page, page]), { raw: { width: w, height: h * 2, channels: 1, pageHeight: h } as never })
    .tiff({ compression: 'none', xres: 300 / 25.4, yres: 300 / 25.4 })
    .toBuffer();
}

/** Points the strips of the second IFD past the end of the file: page 1 reads, page 2 cannot. */
function corruptSecondPage(tiff: Buffer): Buffer {
  const b = Buffer.from(tiff);
  if (b.toString('latin1', 0, 2) !== 'II') throw new Error('expected a little-endian TIFF');
  const ifd0 = b.readUInt32LE(4);
  const ifd1 = b.readUInt32LE(ifd0 + 2 + 12 * b.readUInt16LE(ifd0));
  if (!ifd1) throw new Error('the TIFF has one page');
  const n = b.readUInt16LE(ifd1);
  for (let i = 0; i < n; i++) {
    const e = ifd1 + 2 + 12 * i;
    if (b.readUInt16LE(e) !== 273) continue; // StripOffsets
    const type = b.readUInt16LE(e + 2);
    const count = b.readUInt32LE(e + 4);
    const size = type === 3 ? 2 : 4;
    const at = count * size <= 4 ? e + 8 : b.readUInt32LE(e + 8);
    for (let k = 0; k < count; k++) {
      if (size === 2) b.writeUInt16LE(0xfff0, at + 2 * k);
      else b.writeUInt32LE(0x7ffffff0, at + 4 * k);
    }
    return b;
  }
  throw new Error('no StripOffsets in the second page');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const dir = process.argv[2] ?? join(ROOT, 'test/fixtures/scans/bad');
  const files = await makeBadInputs(dir);
  console.log(`${Object.keys(files).length} bad inputs in ${dir}`);
}

// Render held-out corpus paragraphs as page images, OCR them with tesseract.js (eng on clean-ish
// renders: the mangling of real scans read without a Vietnamese model; vie on degraded low-resolution
// renders) and write (truth lines, OCR lines with word confidences) pairs as JSON lines.
//
// usage: node --import tsx scripts/repair/ocr-pairs.ts --split 1 --pages 150 --engines eng,vie --out /tmp/pairs.jsonl
// needs Vietnamese-capable fonts: apt-get install -y fonts-dejavu-core fonts-freefont-ttf
import { createCanvas, GlobalFonts } from '@napi-rs/canvas';
import sharp from 'sharp';
import { createWorker, OEM } from 'tesseract.js';
import { createReadStream, existsSync, appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';
import { splitOf } from '../../src/repair/text.js';

const args = new Map<string, string>();
for (let i = 2; i < process.argv.length; i += 2) args.set(process.argv[i].replace(/^--/, ''), process.argv[i + 1]);
const SPLIT = Number(args.get('split') ?? 1);
const PAGES = Number(args.get('pages') ?? 100);
const ENGINES = (args.get('engines') ?? 'eng,vie').split(',');
const OUT = args.get('out') ?? `/tmp/ocr-pairs-${SPLIT}.jsonl`;
const SEED = Number(args.get('seed') ?? 7);
const CORPUS = args.get('corpus') ?? '../shared/corpus';
// font size range in pixels, e.g. 16-24 for low-resolution scans read by eng
const PX = args.get('px')?.split('-').map(Number);

let rng = SEED >>> 0;
function rand(): number {
  rng = (Math.imul(rng, 1664525) + 1013904223) >>> 0;
  return rng / 4294967296;
}
const pick = <T>(a: T[]): T => a[Math.floor(rand() * a.length)];

const FONTS: [string, string][] = [
  ['/usr/share/fonts/truetype/freefont/FreeSerif.ttf', 'FreeSerif'],
  ['/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf', 'DejaVu Serif'],
  ['/usr/share/fonts/truetype/freefont/FreeSans.ttf', 'FreeSans'],
  ['/usr/share/fonts/truetype/freefont/FreeSerifBold.ttf', 'FreeSerif Bold'],
];
const families: string[] = [];
for (const [file, name] of FONTS) {
  if (existsSync(file)) {
    GlobalFonts.registerFromPath(file, name);
    families.push(name);
  }
}
if (families.length === 0) throw new Error('no Vietnamese font: apt-get install -y fonts-freefont-ttf fonts-dejavu-core');

async function readParagraphs(): Promise<string[]> {
  const out: string[] = [];
  const files = ['tvpl_vanban.txt', 'phapdien.txt.gz'];
  for (const f of files) {
    const path = `${CORPUS}/${f}`;
    const input = f.endsWith('.gz') ? createReadStream(path).pipe(createGunzip()) : createReadStream(path);
    const rl = createInterface({ input, crlfDelay: Infinity });
    let n = 0;
    for await (const line of rl) {
      if (splitOf(line) !== SPLIT) continue;
      if (line.length < 20 || line.length > 900 || /\.{5,}|_{4,}|…{3,}/.test(line)) continue;
      out.push(line);
      if (++n > 4000) break;
    }
  }
  // shuffle deterministically so pages mix sources
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

interface PageSpec {
  lines: string[];
  family: string;
  px: number;
  width: number;
  height: number;
  lineH: number;
}

function layout(paras: string[], cursor: { i: number }, engine: string): PageSpec {
  const lowres = engine === 'vie';
  const [lo, hi] = PX ?? (lowres ? [10, 15] : [26, 41]);
  const px = lo + Math.floor(rand() * (hi - lo + 1));
  const family = pick(families);
  const width = Math.round(px * 44);
  const margin = Math.round(px * 2);
  const lineH = Math.round(px * (1.35 + rand() * 0.3));
  const maxLines = 28 + Math.floor(rand() * 8);
  const c = createCanvas(10, 10).getContext('2d');
  c.font = `${px}px "${family}"`;
  const lines: string[] = [];
  while (lines.length < maxLines && cursor.i < paras.length) {
    let p = paras[cursor.i++];
    if (rand() < 0.05 && p.length < 90) p = p.toUpperCase();
    const words = p.split(' ');
    let cur = '';
    for (const w of words) {
      const t = cur ? cur + ' ' + w : w;
      if (c.measureText(t).width > width - 2 * margin && cur) {
        lines.push(cur);
        cur = w;
      } else cur = t;
    }
    if (cur) lines.push(cur);
    lines.push('');
  }
  return { lines, family, px, width, height: margin * 2 + lineH * lines.length, lineH };
}

async function render(spec: PageSpec, engine: string): Promise<{ png: Buffer; dpi: number; note: string }> {
  const canvas = createCanvas(spec.width, spec.height);
  const g = canvas.getContext('2d');
  g.fillStyle = '#fff';
  g.fillRect(0, 0, spec.width, spec.height);
  g.fillStyle = rand() < 0.5 ? '#000' : '#222';
  g.font = `${spec.px}px "${spec.family}"`;
  g.textBaseline = 'top';
  const margin = Math.round(spec.px * 2);
  spec.lines.forEach((l, i) => g.fillText(l, margin, margin + i * spec.lineH));
  // speckle noise
  const specks = Math.floor(rand() * 400);
  for (let i = 0; i < specks; i++) {
    g.fillStyle = `rgba(0,0,0,${0.2 + rand() * 0.5})`;
    g.fillRect(rand() * spec.width, rand() * spec.height, 1 + rand() * 1.5, 1 + rand() * 1.5);
  }
  let img = sharp(canvas.toBuffer('image/png')).greyscale();
  const blur = engine === 'vie' ? 0.3 + rand() * 0.6 : rand() < 0.5 ? 0 : 0.3 + rand() * 0.7;
  if (blur > 0.3) img = img.blur(blur);
  const angle = (rand() - 0.5) * 1.2;
  img = img.rotate(angle, { background: '#ffffff' });
  let buf: Buffer;
  let dpi = Math.round((spec.px / 13) * 72);
  let note = `blur=${blur.toFixed(2)} rot=${angle.toFixed(2)}`;
  if (engine === 'vie') {
    const q = 35 + Math.floor(rand() * 40);
    buf = await img.jpeg({ quality: q }).toBuffer();
    note += ` jpeg=${q}`;
    if (rand() < 0.5) {
      const meta = await sharp(buf).metadata();
      buf = await sharp(buf).resize({ width: (meta.width ?? spec.width) * 2, kernel: 'cubic' }).png().toBuffer();
      dpi *= 2;
      note += ' up2';
    } else buf = await sharp(buf).png().toBuffer();
  } else {
    buf = await img.png().toBuffer();
  }
  return { png: buf, dpi, note };
}

async function main(): Promise<void> {
  const paras = await readParagraphs();
  console.error(`split ${SPLIT}: ${paras.length} paragraphs`);
  mkdirSync(dirname(OUT), { recursive: true });
  writeFileSync(OUT, '');
  const cursor = { i: 0 };
  for (const engine of ENGINES) {
    // the installed model package, wherever the script is run from
    const langPath = join(dirname(createRequire(import.meta.url).resolve(`@tesseract.js-data/${engine}/package.json`)), '4.0.0_best_int');
    if (!existsSync(`${langPath}/${engine}.traineddata.gz`)) throw new Error(`missing ${langPath}`);
    const worker = await createWorker(engine, OEM.LSTM_ONLY, {
      langPath,
      gzip: true,
      cacheMethod: 'none',
      errorHandler: (e: unknown) => console.error('tesseract', e),
    });
    const t0 = Date.now();
    for (let p = 0; p < PAGES && cursor.i < paras.length; p++) {
      const spec = layout(paras, cursor, engine);
      const { png, dpi, note } = await render(spec, engine);
      await worker.setParameters({ user_defined_dpi: String(Math.max(70, Math.min(600, dpi))) });
      const { data } = await worker.recognize(png, {}, { text: true, blocks: true });
      const ocr: { text: string; words: { text: string; conf: number }[] }[] = [];
      for (const b of data.blocks ?? [])
        for (const para of b.paragraphs)
          for (const ln of para.lines)
            ocr.push({
              text: ln.text.replace(/\n$/, ''),
              words: ln.words.map((w) => ({ text: w.text, conf: Math.round(w.confidence) })),
            });
      const rec = { split: SPLIT, engine, font: spec.family, px: spec.px, note, truth: spec.lines.filter((l) => l), ocr };
      appendFileSync(OUT, JSON.stringify(rec) + '\n');
      if (p % 10 === 0) console.error(`${engine} page ${p} ${((Date.now() - t0) / (p + 1) / 1000).toFixed(2)} s/page`);
    }
    await worker.terminate();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});

// Curled pages for measuring curvature flattening: each page image of a render set bent as a page lifting
// off the desk (every column moved down by depth x (its distance from the middle)^2, a parabola: 0 in the
// middle, `depth` line heights at the edges), written with the truth text beside it. The bend is written
// here, apart from vanban's own flattening (src/ocr/preprocess.ts flattenCurves). Reads and writes the
// set's manifest.json (variant "curved"), so that eval-ocr.ts scores it.
// usage: npx tsx scripts/samples/curve.ts RENDERS_DIR OUT_DIR [--variant harsh] [--depth 1.5] [--line-px 25]
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import sharp from 'sharp';

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { variant: { type: 'string' }, depth: { type: 'string' }, 'line-px': { type: 'string' } },
});
const [src, out] = positionals;
if (!src || !out) throw new Error('usage: curve.ts RENDERS_DIR OUT_DIR [--variant harsh] [--depth 1.5] [--line-px 25]');
const variant = values.variant ?? 'harsh';
const depth = Number(values.depth ?? 1.5) * Number(values['line-px'] ?? 25);
mkdirSync(out, { recursive: true });
// the set's manifest (make-samples.ts): its pages of that variant, renamed to the variant "curved"
type Entry = { file: string; truth: string; variant: string; pages: number };
const entries = (JSON.parse(readFileSync(join(src, 'manifest.json'), 'utf8')) as Entry[]).filter((e) => e.variant === variant);
const made: Entry[] = [];
for (const e of entries) {
  const file = e.file.replace(`.${variant}.`, '.curved.').replace(/\.[a-z]+$/, '.jpg');
  const { data, info } = await sharp(join(src, e.file)).grayscale().raw().toBuffer({ resolveWithObject: true });
  const { width: w, height: h } = info;
  const bent = Buffer.alloc(w * h, 255);
  for (let x = 0; x < w; x++) {
    const u = (x - w / 2) / (w / 2);
    const down = Math.round(depth * u * u);
    for (let y = 0; y < h; y++) {
      const sy = y - down;
      if (sy >= 0 && sy < h) bent[y * w + x] = data[sy * w + x];
    }
  }
  await sharp(bent, { raw: { width: w, height: h, channels: 1 } }).jpeg({ quality: 85 }).toFile(join(out, file));
  copyFileSync(join(src, e.truth), join(out, e.truth));
  made.push({ ...e, file, variant: 'curved' });
}
writeFileSync(join(out, 'manifest.json'), `${JSON.stringify(made, null, 2)}\n`);
console.log(`${made.length} pages curled by ${depth} px at the edges into ${out}`);

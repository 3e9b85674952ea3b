// Writes pages of corpus text no model has seen, for OCR evaluation: lines of tvpl_vanban.txt in the
// held-out split (splitOf = 2: in neither the LM, the case table nor the channel's OCR pairs), mostly
// letters, wrapped at 80 characters, 6 documents of 70 lines. --set a / b take other corpus lines, so
// a second set can be made after the first one's errors have been read. Render them with
//   npx tsx scripts/samples/make-samples.ts --dev OUT --extra DIR --pages 2
//
// usage: npx tsx scripts/samples/held-out-text.ts --out DIR [--set a|b] [--corpus ../shared/corpus]
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { splitOf } from '../../src/repair/text.js';

const { values } = parseArgs({ options: { out: { type: 'string' }, set: { type: 'string', default: 'a' }, corpus: { type: 'string', default: '../shared/corpus' } } });
if (!values.out || !['a', 'b'].includes(values.set!)) {
  console.error('usage: held-out-text.ts --out DIR [--set a|b] [--corpus DIR]');
  process.exit(2);
}
const DOCS = 6;
const LINES = 70;

const picked = readFileSync(`${values.corpus}/tvpl_vanban.txt`, 'utf8')
  .split('\n')
  .filter((l) => splitOf(l) === 2 && l.length >= 60 && l.length <= 700 && !/[|\t]/.test(l) && (l.match(/\p{L}/gu) ?? []).length / l.length > 0.7);

function wrap(paragraph: string, width = 80): string[] {
  const out: string[] = [];
  let line = '';
  for (const w of paragraph.split(/\s+/)) {
    if (line && `${line} ${w}`.length > width) {
      out.push(line);
      line = w;
    } else line = line ? `${line} ${w}` : w;
  }
  if (line) out.push(line);
  return out;
}

mkdirSync(values.out, { recursive: true });
// documents start evenly through the split; set b starts half a step later, in lines set a does not reach
const step = Math.floor(picked.length / DOCS);
for (let d = 0; d < DOCS; d++) {
  const lines: string[] = [];
  for (let k = d * step + (values.set === 'b' ? Math.floor(step / 2) : 0); lines.length < LINES && k < picked.length; k++) lines.push(...wrap(picked[k]));
  writeFileSync(`${values.out}/held${d}.txt`, `${lines.slice(0, LINES).join('\n')}\n`);
}
console.log(`${DOCS} documents of ${picked.length} held-out corpus lines in ${values.out}`);

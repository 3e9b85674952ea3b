// Runs the extractor on a folder of text files, writes one JSON record per file and scores each
// against the gold with ../shared/eval/score_extract.py.
// usage: npx tsx scripts/eval-extract.ts [TEXT_DIR] [GOLD_DIR] [OUT_DIR] [--repair]
//   --repair: pass the text through repairLines (src/repair) first (for raw OCR text)
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { extractText } from '../src/extract/index.js';
import { lazyRepairer, loadGazetteer } from '../src/runtime/node/models.js';
import { ScoreTable, scoreExtract } from './eval-lib.js';

const repairer = lazyRepairer();
const gazetteer = await loadGazetteer();

const args = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const useRepair = process.argv.includes('--repair');
const textDir = resolve(args[0] ?? '../shared/gold/restored');
const goldDir = resolve(args[1] ?? '../shared/gold/extract');
const outDir = resolve(args[2] ?? '/tmp/vanban-extract');
const scorer = resolve('../shared/eval/score_extract.py');
mkdirSync(outDir, { recursive: true });

const table = new ScoreTable('notice', ['ms']);
for (const f of readdirSync(textDir).filter((x) => x.endsWith('.txt')).sort()) {
  const raw = readFileSync(join(textDir, f), 'utf8');
  let text = raw;
  if (useRepair) text = (await repairer().repairLines(text.split('\n'))).join('\n');
  const t0 = performance.now();
  const rec = await extractText(text, { id: basename(f, '.txt'), doc: f, gazetteer, ...(useRepair ? { rawText: raw } : {}) });
  const ms = performance.now() - t0;
  const out = join(outDir, f.replace(/\.txt$/, '.json'));
  writeFileSync(out, JSON.stringify(rec, null, 2));
  const gold = join(goldDir, f.replace(/\.txt$/, '.json'));
  if (!existsSync(gold) || !existsSync(scorer)) {
    table.note(f, `${rec.directives.length} directives`, ms.toFixed(0));
    continue;
  }
  table.add(f.slice(0, 20), scoreExtract(scorer, gold, out), ms.toFixed(0));
}
table.print();
console.log(`records in ${outDir}${useRepair ? ' (raw -> repairLines -> extract)' : ''}`);

// Repair again the OCR lines that eval-ocr.ts saved (*.ocr.json, with confidences) and score them against
// the renders' truth, so a change to repair is measured on the same OCR without reading the pages again.
// Words right as ../shared/eval/score_text.py --words counts them (bench/words.ts).
// usage: npx tsx scripts/samples/rescore-repair.ts RENDERS_DIR EVAL_OUT_DIR [VARIANT=harsh] [--show]
//   --show: print each line with a word wrong (truth, then repaired)
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { toks, wordErrors } from '../../bench/words.js';
import { createRepairer } from '../../src/repair/index.js';
import { loadRepairModel } from '../../src/runtime/node/models.js';

const args = process.argv.slice(2);
const show = args.includes('--show');
const [renders, evalOut, variant = 'harsh'] = args.filter((a) => a !== '--show');
if (!renders || !evalOut) throw new Error('usage: rescore-repair.ts RENDERS_DIR EVAL_OUT_DIR [VARIANT] [--show]');
const repairer = createRepairer(loadRepairModel());
let words = 0;
let wrong = 0;
for (const f of readdirSync(renders).filter((x) => x.endsWith('.txt')).sort()) {
  const base = f.replace(/\.txt$/, '');
  const saved = readdirSync(evalOut).find((x) => x.startsWith(`${base}.${variant}.`) && x.endsWith('.ocr.json'));
  if (!saved) continue;
  const truth = readFileSync(join(renders, f), 'utf8');
  const out = (await repairer.repair(JSON.parse(readFileSync(join(evalOut, saved), 'utf8')))).map((l) => l.text).join('\n');
  words += toks(truth).length;
  wrong += wordErrors(truth, out);
  if (!show) continue;
  const t = truth.split('\n');
  const o = out.split('\n');
  for (let i = 0; i < Math.max(t.length, o.length); i++) {
    if (wordErrors(t[i] ?? '', o[i] ?? '')) console.log(`${base}\n  truth: ${t[i] ?? ''}\n  read:  ${o[i] ?? ''}`);
  }
}
console.log(`${variant}: ${wrong} of ${words} words wrong, ${(100 * (1 - wrong / words)).toFixed(2)}% right`);

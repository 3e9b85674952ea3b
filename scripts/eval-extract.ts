// Runs the extractor on a folder of text files, writes one JSON record per file and scores each
// against the gold with ../shared/eval/score_extract.py.
// usage: npx tsx scripts/eval-extract.ts [TEXT_DIR] [GOLD_DIR] [OUT_DIR] [--repair]
//   --repair: pass the text through repairLines (src/repair) first (for raw OCR text)
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { extractText } from '../src/extract/index.js';
import { repairLines } from '../src/repair/index.js';

const args = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const useRepair = process.argv.includes('--repair');
const textDir = resolve(args[0] ?? '../shared/gold/restored');
const goldDir = resolve(args[1] ?? '../shared/gold/extract');
const outDir = resolve(args[2] ?? '/tmp/vanban-extract');
const scorer = resolve('../shared/eval/score_extract.py');
mkdirSync(outDir, { recursive: true });

const rows: string[][] = [];
const totals = { df: 0, af: 0, dl: 0, dln: 0, sf: 0, rf: 0, n: 0 };
for (const f of readdirSync(textDir).filter((x) => x.endsWith('.txt')).sort()) {
  const raw = readFileSync(join(textDir, f), 'utf8');
  let text = raw;
  if (useRepair) text = (await repairLines(text.split('\n'))).join('\n');
  const t0 = performance.now();
  const rec = await extractText(text, { id: basename(f, '.txt'), doc: f, ...(useRepair ? { rawText: raw } : {}) });
  const ms = performance.now() - t0;
  const out = join(outDir, f.replace(/\.txt$/, '.json'));
  writeFileSync(out, JSON.stringify(rec, null, 2));
  const gold = join(goldDir, f.replace(/\.txt$/, '.json'));
  if (!existsSync(gold) || !existsSync(scorer)) {
    rows.push([f, `${rec.directives.length} directives`, '', '', '', '', ms.toFixed(0)]);
    continue;
  }
  const line = execFileSync('python3', [scorer, gold, out], { encoding: 'utf8' }).trim();
  const num = (re: RegExp) => Number(re.exec(line)?.[1] ?? NaN);
  const df = num(/directives P [\d.]+ R [\d.]+ F1 ([\d.]+)/);
  const af = num(/assignees F1 ([\d.]+)/);
  const [dl, dln] = (/deadlines (\d+)\/(\d+)/.exec(line) ?? ['', '0', '0']).slice(1).map(Number);
  const sf = num(/statistics F1 ([\d.]+)/);
  const rf = num(/references F1 ([\d.]+)/);
  Object.assign(totals, { df: totals.df + df, af: totals.af + af, dl: totals.dl + dl, dln: totals.dln + dln, sf: totals.sf + sf, rf: totals.rf + rf, n: totals.n + 1 });
  rows.push([f.slice(0, 20), df.toFixed(3), af.toFixed(3), `${dl}/${dln}`, sf.toFixed(3), rf.toFixed(3), ms.toFixed(0)]);
}
const head = ['notice', 'directive F1', 'assignee F1', 'deadlines', 'statistics F1', 'references F1', 'ms'];
if (totals.n) {
  const n = totals.n;
  rows.push(['mean', (totals.df / n).toFixed(3), (totals.af / n).toFixed(3), `${totals.dl}/${totals.dln}`, (totals.sf / n).toFixed(3), (totals.rf / n).toFixed(3), '']);
}
const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
const fmt = (r: string[]) => r.map((c, i) => (c ?? '').padEnd(widths[i])).join(' | ');
console.log(fmt(head));
console.log(widths.map((w) => '-'.repeat(w)).join('-|-'));
for (const r of rows) console.log(fmt(r));
console.log(`records in ${outDir}${useRepair ? ' (raw -> repairLines -> extract)' : ''}`);

// Time to extract a 600-line notice (target < 200 ms). Measures, does not assert.
// usage: npx tsx bench/extract.ts [FILE]   (default: the dev notices restored text, repeated to 600 lines)
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { extractText } from '../src/extract/index.js';
import { loadGazetteer } from '../src/runtime/node/models.js';

const gold = resolve('../shared/gold/restored');
const sources = process.argv[2]
  ? [readFileSync(process.argv[2], 'utf8')]
  : existsSync(gold)
    ? readdirSync(gold).filter((f) => f.endsWith('.txt')).sort().map((f) => readFileSync(join(gold, f), 'utf8'))
    : readdirSync('samples/text').filter((f) => f.endsWith('.txt')).map((f) => readFileSync(join('samples/text', f), 'utf8'));
let lines: string[] = [];
for (let i = 0; lines.length < 600; i++) lines = lines.concat(sources[i % sources.length].split('\n'));
const text = lines.slice(0, 600).join('\n');

const t0 = performance.now();
const gazetteer = await loadGazetteer();
await extractText(text, { id: 'bench', doc: 'bench.txt', gazetteer });
const cold = performance.now() - t0; // includes building the matcher
const times: number[] = [];
let rec: Awaited<ReturnType<typeof extractText>> | undefined;
for (let i = 0; i < 20; i++) {
  const t = performance.now();
  rec = await extractText(text, { id: 'bench', doc: 'bench.txt', gazetteer });
  times.push(performance.now() - t);
}
times.sort((a, b) => a - b);
console.log(
  `600 lines: cold ${cold.toFixed(0)} ms, warm median ${times[10].toFixed(1)} ms, p95 ${times[18].toFixed(1)} ms ` +
    `(${rec!.directives.length} directives, ${rec!.statistics.length} statistics, ${rec!.references.length} references)`,
);

// The quick benches, one after another, each in its own process and time-boxed: repair, extract, search
// (search with a small store). Prints each bench's own figures as it goes and a summary line per bench.
// The heavy ones run alone: `npm run bench:ocr`, `npm run bench:ocr-ingest`, `npm run bench:worker`.
//
// usage: npm run bench [-- --only repair,search] [--timeout 300] [--directives 20000]
//   --timeout     seconds a bench may run before it is stopped (default 300)
//   --directives  directives stored by the search bench (default 20000; the bench's own default is 100000)
// Exits 1 when a bench fails or runs out of time.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const { values } = parseArgs({ options: { only: { type: 'string' }, timeout: { type: 'string' }, directives: { type: 'string' } } });
const usage = (msg: string): never => {
  console.error(`bench/run.ts: ${msg}`);
  process.exit(2);
};
const timeoutS = Number(values.timeout ?? 300);
if (!(timeoutS > 0)) usage('--timeout must be a number of seconds');

// bench/repair.ts reads the dev notices in ../shared/gold/raw; without them it times the committed samples
const goldRaw = join(ROOT, '../shared/gold/raw');
const repairArgs = existsSync(goldRaw)
  ? []
  : readdirSync(join(ROOT, 'samples/text'))
      .filter((f) => f.endsWith('.txt'))
      .sort()
      .map((f) => join(ROOT, 'samples/text', f));

const BENCHES: { name: string; args: string[] }[] = [
  { name: 'repair', args: ['bench/repair.ts', ...repairArgs] },
  { name: 'extract', args: ['bench/extract.ts'] },
  { name: 'search', args: ['bench/search.ts', '--directives', values.directives ?? '20000', '--ingest', '100'] },
];
const only = values.only?.split(',');
const unknown = only?.filter((n) => !BENCHES.some((b) => b.name === n)) ?? [];
if (unknown.length) usage(`no bench named ${unknown.join(', ')} (there are ${BENCHES.map((b) => b.name).join(', ')})`);

const summary: string[] = [];
let failed = false;
for (const b of BENCHES.filter((x) => !only || only.includes(x.name))) {
  console.log(`\n== ${b.name}: node --import tsx ${b.args.map((a) => a.replace(ROOT, '')).join(' ')}`);
  const t0 = performance.now();
  const r = spawnSync(process.execPath, ['--import', 'tsx', ...b.args], {
    cwd: ROOT,
    stdio: 'inherit',
    timeout: timeoutS * 1000,
    killSignal: 'SIGKILL',
  });
  const s = ((performance.now() - t0) / 1000).toFixed(1);
  const timedOut = (r.error as NodeJS.ErrnoException | undefined)?.code === 'ETIMEDOUT';
  const ok = r.status === 0 && !timedOut;
  failed ||= !ok;
  const status = ok
    ? 'ok'
    : timedOut
      ? `stopped at the ${timeoutS} s limit`
      : `failed (${r.error?.message ?? `exit ${r.status ?? r.signal}`})`;
  summary.push(`${b.name.padEnd(8)} ${status}, ${s} s`);
}
console.log(`\n${summary.join('\n')}`);
process.exit(failed ? 1 : 0);

// `vanban train`: rebuilds the repair models from the corpus with the scripts in scripts/repair
// (a development command: it needs a checkout with dev dependencies and a corpus, ../shared/corpus by default).
// Works from any directory: the scripts run in the checkout that holds this file, a relative --corpus is read
// from the caller's directory, and intermediate files go to a fresh temporary folder (removed on success).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { UsageError } from './common.js';

/** The checkout: src/cli/train.ts and dist/cli/train.js are both two levels below it. */
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

type Target = 'lm' | 'channel';

/** The steps of models/README.md, in order; `work` is the folder for intermediate files. */
function steps(target: Target, work: string): string[][] {
  const tsx = ['--import', 'tsx'];
  if (target === 'lm')
    return [
      ['--max-old-space-size=12000', ...tsx, 'scripts/repair/train-lm.ts', '--order', '3', '--out', 'models/lm'],
      [...tsx, 'scripts/repair/train-domains.ts', '--min', '2', '--out', 'models/lm/domains.tsv'],
      [...tsx, 'scripts/repair/train-case.ts', '--min', '30', '--share', '0.01', '--out', 'models/lm/case.tsv'],
    ];
  const pairs = (name: string) => join(work, name);
  const ocrPairs = (...a: string[]) => [...tsx, 'scripts/repair/ocr-pairs.ts', '--split', '1', ...a];
  return [
    ocrPairs('--pages', '220', '--seed', '7', '--engines', 'eng', '--out', pairs('pairs1.jsonl')),
    ocrPairs('--pages', '120', '--seed', '23', '--px', '17-25', '--engines', 'eng', '--out', pairs('pairs1e2.jsonl')),
    ocrPairs('--pages', '100', '--seed', '31', '--px', '14-20', '--engines', 'eng', '--out', pairs('pairs1e3.jsonl')),
    ocrPairs('--pages', '110', '--seed', '11', '--engines', 'vie', '--out', pairs('pairs1v.jsonl')),
    [
      ...tsx,
      'scripts/repair/train-channel.ts',
      '--pairs',
      ['pairs1.jsonl', 'pairs1v.jsonl', 'pairs1e2.jsonl', 'pairs1e3.jsonl'].map(pairs).join(','),
      '--out',
      'models/channel',
    ],
  ];
}

const READS_CORPUS = new Set([
  'scripts/repair/train-lm.ts',
  'scripts/repair/train-domains.ts',
  'scripts/repair/train-case.ts',
  'scripts/repair/ocr-pairs.ts',
]);

/** Checks the arguments and the checkout before anything runs; throws UsageError with what is wrong. */
function prepare(what: string, corpus: string | undefined): { targets: Target[]; corpusDir: string } {
  const targets: Target[] | null = what === 'all' ? ['lm', 'channel'] : what === 'lm' || what === 'channel' ? [what] : null;
  if (!targets) throw new UsageError(`train takes lm, channel or all, not "${what}"`);
  if (!existsSync(join(ROOT, 'scripts/repair/train-lm.ts')))
    throw new UsageError(`train needs a source checkout with scripts/repair (looked in ${ROOT})`);
  try {
    createRequire(join(ROOT, 'package.json')).resolve('tsx');
  } catch {
    throw new UsageError(`train needs the dev dependencies (tsx): run npm install in ${ROOT}`);
  }
  const corpusDir = corpus === undefined ? resolve(ROOT, '../shared/corpus') : resolve(process.cwd(), corpus);
  if (!existsSync(corpusDir) || !statSync(corpusDir).isDirectory())
    throw new UsageError(`no corpus folder at ${corpusDir}${corpus === undefined ? ' (give one with --corpus DIR)' : ''}`);
  return { targets, corpusDir };
}

export function train(what: string, corpus: string | undefined): number {
  const { targets, corpusDir } = prepare(what, corpus);
  const work = mkdtempSync(join(tmpdir(), 'vanban-train-'));
  const all = targets.flatMap((t) => steps(t, work));
  for (const [i, step] of all.entries()) {
    const args = step.some((a) => READS_CORPUS.has(a)) ? [...step, '--corpus', corpusDir] : step;
    console.error(`[${i + 1}/${all.length}] node ${args.join(' ')}`);
    const r = spawnSync(process.execPath, args, { cwd: ROOT, stdio: 'inherit' });
    if (r.status !== 0) {
      console.error(`step ${i + 1} failed (${r.error?.message ?? `exit ${r.status ?? r.signal}`}); intermediate files kept in ${work}`);
      return 1;
    }
  }
  rmSync(work, { recursive: true, force: true });
  return 0;
}

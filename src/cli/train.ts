// `vanban train`: rebuilds the repair models from the corpus with the scripts in scripts/repair
// (a development command: it needs a checkout with dev dependencies and ../shared/corpus).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { UsageError } from './common.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The steps of models/README.md, in order. */
const STEPS: Record<'lm' | 'channel', string[][]> = {
  lm: [['--max-old-space-size=12000', '--import', 'tsx', 'scripts/repair/train-lm.ts', '--order', '3', '--out', 'models/lm']],
  channel: [
    ['--import', 'tsx', 'scripts/repair/ocr-pairs.ts', '--split', '1', '--pages', '220', '--seed', '7', '--engines', 'eng', '--out', '/tmp/rep/pairs1.jsonl'],
    ['--import', 'tsx', 'scripts/repair/ocr-pairs.ts', '--split', '1', '--pages', '120', '--seed', '23', '--px', '17-25', '--engines', 'eng', '--out', '/tmp/rep/pairs1e2.jsonl'],
    ['--import', 'tsx', 'scripts/repair/ocr-pairs.ts', '--split', '1', '--pages', '100', '--seed', '31', '--px', '14-20', '--engines', 'eng', '--out', '/tmp/rep/pairs1e3.jsonl'],
    ['--import', 'tsx', 'scripts/repair/ocr-pairs.ts', '--split', '1', '--pages', '110', '--seed', '11', '--engines', 'vie', '--out', '/tmp/rep/pairs1v.jsonl'],
    ['--import', 'tsx', 'scripts/repair/train-channel.ts', '--pairs', '/tmp/rep/pairs1.jsonl,/tmp/rep/pairs1v.jsonl,/tmp/rep/pairs1e2.jsonl,/tmp/rep/pairs1e3.jsonl', '--out', 'models/channel'],
  ],
};

export function train(what: string, corpus: string | undefined): number {
  const targets: ('lm' | 'channel')[] | null =
    what === 'all' ? ['lm', 'channel'] : what === 'lm' || what === 'channel' ? [what] : null;
  if (!targets) throw new UsageError('train takes lm, channel or all');
  if (!existsSync(`${ROOT}scripts/repair/train-lm.ts`)) throw new UsageError('train needs a source checkout (scripts/repair)');
  const steps = targets.flatMap((t) => STEPS[t]);
  const corpusDir = corpus ?? `${ROOT}../shared/corpus`;
  for (const [i, step] of steps.entries()) {
    const readsCorpus = step.some((a) => a === 'scripts/repair/train-lm.ts' || a === 'scripts/repair/ocr-pairs.ts');
    const args = readsCorpus ? [...step, '--corpus', corpusDir] : step;
    console.error(`[${i + 1}/${steps.length}] node ${args.join(' ')}`);
    const r = spawnSync(process.execPath, args, { cwd: ROOT, stdio: 'inherit' });
    if (r.status !== 0) {
      console.error(`step ${i + 1} failed (exit ${r.status ?? r.signal})`);
      return 1;
    }
  }
  return 0;
}

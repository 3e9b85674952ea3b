// `vanban train` as users run it (the built dist/cli/main.js) from a directory outside the checkout: it checks
// its arguments before anything runs. No test here starts a training run (it takes many minutes).
import { spawnSync } from 'node:child_process';
import { mkdirSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT, tempDir } from '../helpers/server.js';

const run = (cwd: string, ...args: string[]) => {
  const r = spawnSync(process.execPath, [join(ROOT, 'dist/cli/main.js'), 'train', ...args], { cwd, encoding: 'utf8', timeout: 30_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};

describe('vanban train', () => {
  const tmp = tempDir('vanban-train-test-');
  afterAll(() => tmp.cleanup());
  const dir = realpathSync(tmp.dir); // what process.cwd() reports there (macOS: /private/var/...)

  it('prints its usage from any directory', () => {
    const r = run(dir, '--help');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('usage: vanban train lm|channel|all');
  });

  it('names a wrong model and exits 2', () => {
    const r = run(dir, 'bogus');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('train takes lm, channel or all, not "bogus"');
    expect(run(dir).code).toBe(2);
    expect(run(dir, 'lm', 'channel').code).toBe(2);
  });

  it('rejects an unknown option', () => {
    const r = run(dir, 'lm', '--frobnicate');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown option '--frobnicate'/i);
  });

  it("reads a relative --corpus from the caller's directory and says when it is missing", () => {
    const r = run(dir, 'lm', '--corpus', 'no-such-corpus');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`no corpus folder at ${join(dir, 'no-such-corpus')}`);
    // a file is no corpus folder either
    const file = join(ROOT, 'package.json');
    expect(run(dir, 'channel', '--corpus', file).stderr).toContain(`no corpus folder at ${file}`);
  });

  it('resolves ../ in --corpus from the caller, not from the checkout', () => {
    mkdirSync(join(dir, 'sub'), { recursive: true });
    const r = run(join(dir, 'sub'), 'all', '--corpus', '../missing');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`no corpus folder at ${join(dir, 'missing')}`);
  });
});

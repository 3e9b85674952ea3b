// The CLI as users run it: the built dist/cli/main.js in a child process.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { commands } from '../../src/cli/commands.js';
import { ROOT, SHARED, runCli, tempDir } from '../helpers/server.js';

const fixture = join(ROOT, 'test/fixtures/thong-bao-ket-luan.txt');
const lineCount = (s: string) => (s.match(/\n/g) ?? []).length;

describe('vanban CLI', () => {
  const tmp = tempDir();
  afterAll(() => tmp.cleanup());

  it('prints help for every command and exits 0', async () => {
    for (const name of Object.keys(commands)) {
      const r = await runCli([name, '--help']);
      expect(r.code, name).toBe(0);
      expect(r.stdout).toContain(`usage: vanban ${name}`);
    }
  });

  it('runs as `npx vanban` from the project: the built bin is executable', async () => {
    const r = spawnSync('npx', ['--no-install', 'vanban', 'repair', '--help'], { cwd: ROOT, encoding: 'utf8' });
    expect(r.stderr).not.toMatch(/permission denied/i);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('usage: vanban repair');
  });

  it('exits non-zero on an unknown command or option', async () => {
    expect((await runCli(['frobnicate'])).code).not.toBe(0);
    expect((await runCli(['repair', '--nope', fixture])).code).not.toBe(0);
  });

  it('repair keeps the number of lines of the fixture', async () => {
    const r = await runCli(['repair', fixture]);
    expect(r.code).toBe(0);
    expect(lineCount(r.stdout)).toBe(lineCount(readFileSync(fixture, 'utf8')));
  });

  const raw = join(SHARED, 'gold/raw');
  it.skipIf(!existsSync(raw))('repair keeps the number of lines of every dev notice', async () => {
    for (const f of readdirSync(raw).map((x) => join(raw, x))) {
      const r = await runCli(['repair', f]);
      expect(r.code, f).toBe(0);
      expect(lineCount(r.stdout), f).toBe(lineCount(readFileSync(f, 'utf8')));
    }
  });

  it('repair reads standard input and refuses non-text', async () => {
    const r = await runCli(['repair', '-'], 'a\n\nb\n');
    expect(r.code).toBe(0);
    expect(lineCount(r.stdout)).toBe(3);
    const bin = join(tmp.dir, 'x.bin');
    writeFileSync(bin, Buffer.from('\ufeffSở Nội vụ', 'utf16le'));
    const bad = await runCli(['repair', bin]);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/UTF-16/);
  });

  it('ingest stores files, reports failures and exits non-zero if any failed', async () => {
    const db = join(tmp.dir, 'cli.db');
    const empty = join(tmp.dir, 'empty.txt');
    writeFileSync(empty, '');
    const r = await runCli(['ingest', fixture, empty, join(tmp.dir, 'missing.txt'), '--db', db]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/1 stored, 2 failed/);
    expect(r.stderr).toMatch(/empty/);
    const ok = await runCli(['ingest', fixture, '--db', db]);
    expect(ok.code).toBe(0);
    expect(ok.stderr).toMatch(/already stored/);
    const s = await runCli(['search', 'so tai chinh', '--db', db]);
    expect(s.code).toBe(0);
    expect(s.stdout).toMatch(/Sở Tài chính/);
  });

  it('extract --json prints a record', async () => {
    const r = await runCli(['extract', fixture, '--json']);
    expect(r.code).toBe(0);
    const rec = JSON.parse(r.stdout);
    expect(rec.id).toMatch(/^[0-9a-f]{16}$/);
    expect(rec.doc).toBe('thong-bao-ket-luan.txt');
  });
});

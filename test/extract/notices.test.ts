// End to end on whole notices: the dev notices (when ../shared/gold is present) and the samples.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractText } from '../../src/extract/index.js';
import { NoticeRecord } from '../../src/record.js';
import { testGazetteer } from '../helpers/models.js';

const ROOT = resolve(__dirname, '../..');
const GOLD = resolve(ROOT, '../shared/gold');
const SCORER = resolve(ROOT, '../shared/eval/score_extract.py');
const hasGold = existsSync(join(GOLD, 'restored')) && existsSync(SCORER);

describe.skipIf(!hasGold)('dev notices (restored text)', () => {
  const out = mkdtempSync(join(tmpdir(), 'vanban-extract-'));
  for (const f of hasGold ? readdirSync(join(GOLD, 'restored')).filter((x) => x.endsWith('.txt')) : []) {
    it(f, async () => {
      const rec = await extractText(readFileSync(join(GOLD, 'restored', f), 'utf8'), { id: 'x', doc: f, gazetteer: await testGazetteer() });
      expect(() => NoticeRecord.parse(rec)).not.toThrow();
      const file = join(out, f.replace('.txt', '.json'));
      writeFileSync(file, JSON.stringify(rec));
      const line = execFileSync('python3', [SCORER, join(GOLD, 'extract', f.replace('.txt', '.json')), file], { encoding: 'utf8' });
      const num = (re: RegExp) => Number(re.exec(line)![1]);
      expect(num(/directives P [\d.]+ R [\d.]+ F1 ([\d.]+)/)).toBeGreaterThanOrEqual(0.9);
      expect(num(/assignees F1 ([\d.]+)/)).toBeGreaterThanOrEqual(0.9);
      expect(num(/statistics F1 ([\d.]+)/)).toBeGreaterThanOrEqual(0.85);
      expect(num(/references F1 ([\d.]+)/)).toBeGreaterThanOrEqual(0.9);
      for (const d of rec.directives) for (const a of d.assignees) expect(rec.agencies.map((x) => x.id)).toContain(a.agency_id);
    });
  }
});

describe('samples/text', () => {
  const dir = join(ROOT, 'samples/text');
  for (const f of readdirSync(dir).filter((x) => x.endsWith('.txt'))) {
    it(f, async () => {
      const rec = await extractText(readFileSync(join(dir, f), 'utf8'), { id: f.replace(/\.txt$/, ''), doc: f, gazetteer: await testGazetteer() });
      const exp = JSON.parse(readFileSync(join(dir, f.replace(/\.txt$/, '.expected.json')), 'utf8'));
      const key = (r: typeof rec) => ({
        doc_type: r.doc_type, number: r.number, issued_date: r.issued_date, date: r.date,
        directives: r.directives.map((d) => ({ line: d.line, section: d.section, assignees: d.assignees, deadline: d.deadline })),
        references: r.references.map((x) => [x.number, x.date]),
        statistics: r.statistics.map((s) => [s.line, s.value, s.of ?? null, s.unit]),
      });
      expect(key(rec)).toEqual(key(exp));
    });
  }
});

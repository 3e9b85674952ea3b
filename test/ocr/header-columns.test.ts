// The two-column header of a real page read by position (issue 22, item 2), on a committed crop of the
// header of a signed colour scan (test/fixtures/real/qn-46-tb.p1.header.png, made by
// scripts/real/make-crops.ts from ../shared/realscans/pdf/qn-46-tb.pdf page 1): real tesseract OCR, then
// extraction. Read by eye from the image: issuer "ỦY BAN NHÂN DÂN / TỈNH QUẢNG NGÃI", "Số: 46 /TB-UBND"
// (46 written by hand into the blank), "Quảng Ngãi, ngày 24 tháng 01 năm 2025" (24 by hand).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readHeaderColumns } from '../../src/extract/columns.js';
import { extract } from '../../src/extract/index.js';
import { ocr } from '../../src/ocr/index.js';
import { createOcrPool } from '../../src/ocr/tesseract.js';
import { flattenLines } from '../../src/pipeline/types.js';
import type { TextLineT } from '../../src/record.js';
import { testGazetteer, testRepairer } from '../helpers/models.js';
import { ROOT } from '../helpers/server.js';
import { ingestFile } from './helpers.js';

const CROP = join(ROOT, 'test/fixtures/real/qn-46-tb.p1.header.png');
const pool = createOcrPool({ workers: 1 })!;
afterAll(() => pool.close());

let lines: TextLineT[];
beforeAll(async () => {
  const doc = await ingestFile(new Uint8Array(readFileSync(CROP)), 'qn-46-tb.p1.header.png');
  lines = flattenLines(await ocr(doc, { recognize: pool.recognize }));
});

/** The OCR lines of one row joined into one line, words left to right: what an engine that reads across the columns gives. */
function joinRows(ls: TextLineT[]): TextLineT[] {
  const rows: TextLineT[][] = [];
  for (const l of ls) {
    const box = (x: TextLineT) => [Math.min(...x.words!.map((w) => w.bbox![1])), Math.max(...x.words!.map((w) => w.bbox![3]))];
    const [y0, y1] = box(l);
    const row = rows.find((r) => {
      const [a, b] = box(r[0]);
      return Math.min(b, y1) - Math.max(a, y0) > 0.5 * Math.min(b - a, y1 - y0);
    });
    if (row) row.push(l);
    else rows.push([l]);
  }
  return rows.map((r, i) => {
    const words = r.flatMap((l) => l.words!).sort((a, b) => a.bbox![0] - b.bbox![0]);
    return { page: 1, line: i + 1, text: words.map((w) => w.text).join(' '), confidence: 90, words };
  });
}

/** As the pipeline reads OCR lines: repaired (the OCR text kept as the lines before repair), then extracted. */
const read = async (ls: TextLineT[]) =>
  extract(await testRepairer().repair(ls), { id: 'qn-46-tb', doc: 'qn-46-tb.p1.header.png', gazetteer: await testGazetteer(), rawLines: ls });

describe('the header of a real scan, by position', () => {
  it('reads the issuer and the number of the crop', async () => {
    const texts = lines.map((l) => l.text);
    // the left column before the right one
    expect(texts.findIndex((t) => /^Số/.test(t))).toBeLessThan(texts.findIndex((t) => /CỘNG/.test(t)));
    const rec = await read(lines);
    expect(rec.issuer).toBe('Ủy ban nhân dân tỉnh Quảng Ngãi');
    expect(rec.number).toBe('46/TB-UBND');
    expect(rec.place).toBe('Quảng Ngãi');
    expect(rec.doc_type).toBe('thông báo');
  });

  it('reads the same when the rows come joined across the columns', async () => {
    const joined = joinRows(lines);
    // "ỦY BAN NHÂN DÂN CỘNG HÒA ..." and "Số: 46 /TB-UBND Quảng Ngãi, ngày ..." as single lines
    expect(joined.length).toBeLessThan(lines.length);
    expect(joined.some((l) => /^Số.*Quảng\s+Ngãi/u.test(l.text))).toBe(true);
    const cut = readHeaderColumns(joined);
    expect(cut.split).toBeGreaterThanOrEqual(3);
    const texts = cut.lines.map((l) => l.text);
    expect(texts.slice(0, 3).join(' | ')).toMatch(/^ỦY BAN NHÂN D.N \| T.NH QUẢNG NG.I \| Số/u);
    expect(texts[3]).toMatch(/^CỘNG HÒA/u);
    const rec = await read(joined);
    expect(rec.issuer).toBe('Ủy ban nhân dân tỉnh Quảng Ngãi');
    expect(rec.number).toBe('46/TB-UBND');
    expect(rec.place).toBe('Quảng Ngãi');
  });
});

// Digits that noise turned into symbols in OCR words (harsh scans: "0$" for "08", "1 ]" for "11").
import { describe, expect, it } from 'vitest';
import { digitsInNoise, linesOf, toTextLines } from '../../src/ocr/lines.js';

/** Words laid left to right on one line, 20 px high, a 6 px gap after each. */
function words(...specs: [string, number][]) {
  let x = 0;
  return specs.map(([text, confidence]) => {
    const w = { text, confidence, bbox: [x, 100, x + 10 * text.length, 120] as [number, number, number, number] };
    x += 10 * text.length + 6;
    return w;
  });
}
const texts = (ws: { text: string }[]) => ws.map((w) => w.text).join(' ');

describe('digits in noise', () => {
  it('reads a symbol touching a digit in an unsure word as the digit it looks like', () => {
    expect(texts(digitsInNoise(words(['sau', 95], ['0$', 74], ['giờ', 93])))).toBe('sau 08 giờ');
    expect(texts(digitsInNoise(words(['có', 95], ['0!', 38], ['công', 96])))).toBe('có 01 công');
    expect(texts(digitsInNoise(words(['giảm', 95], ['0.4]', 86], ['điểm', 94])))).toBe('giảm 0.41 điểm');
    expect(texts(digitsInNoise(words(['XANH:', 95], ['7$', 63])))).toBe('XANH: 78');
    expect(texts(digitsInNoise(words(['tại', 95], ['1!', 56], ['UBND', 90])))).toBe('tại 11 UBND');
  });

  it('joins a lone unsure symbol to the number beside it', () => {
    expect(texts(digitsInNoise(words(['tháng', 95], ['1', 35], [']', 66], ['năm', 95])))).toBe('tháng 11 năm');
    expect(texts(digitsInNoise(words(['tháng', 95], ['1', 64], ['Ì', 79], ['năm', 95])))).toBe('tháng 11 năm');
    // a sure capital after a number is a word
    expect(texts(digitsInNoise(words(['Phụ', 95], ['lục', 95], ['2', 95], ['Í', 95])))).toBe('Phụ lục 2 Í');
    const joined = digitsInNoise(words(['ngày', 95], ['I', 40], ['1/7/2025', 81]));
    expect(texts(joined)).toBe('ngày 11/7/2025');
    expect(joined[1].confidence).toBe(40);
    expect(joined[1].bbox[0]).toBe(46);
    expect(joined[1].bbox[2]).toBe(46 + 10 + 6 + 80);
  });

  it('leaves confident words, brackets that close and words far apart alone', () => {
    for (const line of [
      words(['giá', 95], ['100$', 95]),
      words(['Tài', 95], ['liệu', 95], ['[1]', 80]),
      words(['xem', 95], ['[2', 80], [']', 70]),
      words(['Phần', 95], ['I', 96], ['2025', 90]),
      words(['tăng', 95], ['10%!', 97]),
    ]) expect(texts(digitsInNoise(line))).toBe(texts(line));
    const apart = words(['số', 95], ['12', 80], [']', 50]);
    apart[2].bbox = [200, 100, 205, 120];
    expect(texts(digitsInNoise(apart))).toBe('số 12 ]');
  });

  it('joins a number split beside a narrow 1 when the gap is no wider than a word gap', () => {
    expect(texts(digitsInNoise(words(['có', 95], ['08/1', 92], ['1', 64], ['địa', 96])))).toBe('có 08/11 địa');
    expect(texts(digitsInNoise(words(['số', 96], ['1', 37], ['197/UBND', 37])))).toBe('số 1197/UBND');
    // a wider gap than the line's word gaps: two numbers (a table's columns), and no 1 at the cut: kept
    const table = words(['STT', 95], ['1', 95], ['12', 95], ['và', 95], ['hơn', 95]);
    table[2].bbox = [table[1].bbox[2] + 9, 100, table[1].bbox[2] + 29, 120];
    expect(texts(digitsInNoise(table))).toBe('STT 1 12 và hơn');
    expect(texts(digitsInNoise(words(['năm', 95], ['2024', 95], ['2025', 95])))).toBe('năm 2024 2025');
  });

  it('is applied to the lines tesseract gives', () => {
    const w = (text: string, confidence: number, x0: number) => ({ text, confidence, bbox: { x0, y0: 100, x1: x0 + 10 * text.length, y1: 120 } });
    const page = { blocks: [{ paragraphs: [{ lines: [{ bbox: { x0: 0, y0: 100, x1: 300, y1: 120 }, words: [w('sau', 95, 0), w('0$', 70, 40), w('giờ', 95, 70)] }] }] }] };
    expect(toTextLines(linesOf(page), 1)[0].text).toBe('sau 08 giờ');
  });
});

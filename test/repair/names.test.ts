import { describe, expect, it } from 'vitest';
import { repairModel as getModel, testRepairer } from '../helpers/models.js';
import { lowerCaseStrays, restoreCapitalI, titleCaseStrays } from '../../src/repair/names.js';
import { docLines, textsAfter } from './doc-lines.js';

const run = (text: string): string[] => textsAfter(text, (lines) => restoreCapitalI(lines, getModel().lm));

describe('capital I read as l at the start of a name', () => {
  it('reads "la" before a capitalised word as the name part "Ia" when the corpus says so', () => {
    expect(run('kết quả tự kiểm tra của xã la Ko, Đoàn kiểm tra thông báo')).toEqual(['kết quả tự kiểm tra của xã Ia Ko, Đoàn kiểm tra thông báo']);
    // across a line break, and with the change reported
    const lines = docLines('kiểm tra công tác cải cách hành chính của xã\nla Ko, Đoàn kiểm tra');
    restoreCapitalI(lines, getModel().lm);
    expect(lines[1].text).toBe('Ia Ko, Đoàn kiểm tra');
    expect(lines[1].changes).toEqual([{ from: 'la', to: 'Ia', col: 0 }]);
  });

  it('undoes what the decoder made of the name ("là Kho" from "la Ko") after a locality noun', async () => {
    const { repairDetailed } = testRepairer();
    const { lines } = await repairDetailed(['đề nghị UBND xã la Ko tiếp tục quan tâm', 'xã la Grai, huyện la Pa'], {
      confidences: [[96, 96, 96, 96, 89, 87, 96, 96, 96, 96], [96, 80, 80, 96, 80, 80]],
    });
    expect(lines.map((l) => l.text)).toEqual(['đề nghị UBND xã Ia Ko tiếp tục quan tâm', 'xã Ia Grai, huyện Ia Pa']);
    expect(lines[0].changes.slice(-2).map((c) => [c.to, c.col])).toEqual([['Ko', 19], ['Ia', 16]]);
    // not where the sentence goes on with "là" (is): the LM wants it by far
    const { lines: other } = await repairDetailed(['Chủ tịch UBND xã la Trưởng ban chỉ đạo', 'người đứng đầu xã la Chủ tịch']);
    expect(other.map((l) => l.text)).toEqual(['Chủ tịch UBND xã là Trưởng ban chỉ đạo', 'người đứng đầu xã là Chủ tịch']);
  });

  it('leaves the word la and other l words alone', () => {
    const text = 'tiếng la hét của Nam, lúc Hà Nội còn la liệt hàng quán\nxã Ia Ko và lập Kế hoạch';
    expect(run(text)).toEqual(text.split('\n'));
  });
});

describe('a lone syllable read in capitals inside running text', () => {
  const isSyl = (w: string) => getModel().knows(w);
  const run = (text: string) => textsAfter(text, (lines) => titleCaseStrays(lines, isSyl));

  it('gets Title case', () => {
    expect(run('đề nghị các BỘ, ngành phối hợp\nthuộc xã Hòa LỄ và xã Ea Tu')).toEqual(['đề nghị các Bộ, ngành phối hợp', 'thuộc xã Hòa Lễ và xã Ea Tu']);
  });

  it('leaves abbreviations, headings and emphasis alone', () => {
    const text = [
      'Ủy ban nhân dân UBND tỉnh và HĐND xã',
      'ĐỀ ÁN PHÁT TRIỂN',
      '31 địa phương trạng thái XANH: 103 địa phương trạng thái VÀNG và 01',
      'có trạng thái VÀNG là chưa đạt',
      'các địa phương trạng thái VÀNG cần',
    ].join('\n');
    expect(run(text)).toEqual(text.split('\n'));
  });
});

describe('a capitalised vowel syllable inside a sentence', () => {
  const run = (text: string) => textsAfter(text, (lines) => lowerCaseStrays(lines, getModel().lowerInSentence));

  it('gets lower case where the corpus almost never capitalises it', () => {
    expect(run('vì lợi Ích chung của cộng đồng\ncó thể làm Ảnh hưởng đến tiến độ')).toEqual([
      'vì lợi ích chung của cộng đồng',
      'có thể làm ảnh hưởng đến tiến độ',
    ]);
    const lines = docLines('vì lợi Ích chung');
    lowerCaseStrays(lines, getModel().lowerInSentence);
    expect(lines[0].changes).toEqual([{ from: 'Ích', to: 'ích', col: 7 }]);
  });

  it('is left alone after a comma, at a line start, before a capital, and for names and weekdays', () => {
    const text = [
      'triển khai Đề án, Ảnh hưởng của thiên tai',
      'Ảnh hưởng đến tiến độ',
      'làm Ảnh Hưởng',
      'thuộc Trung tâm Hành chính công tỉnh',
      'họp vào thứ Năm hằng tuần',
      'đồng chí Ông Văn Tuấn',
    ].join('\n');
    expect(run(text)).toEqual(text.split('\n'));
  });
});

// Unit tests of the search helpers, the exports' encoders and the webhook URL policy.
import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { csvField, toCsv } from '../../src/export/csv.js';
import { foldLine, icsText, toIcs } from '../../src/export/ics.js';
import { checkWebhookUrl, isPrivateAddress } from '../../src/notify/address.js';
import { sign } from '../../src/notify/webhooks.js';
import { agencyCoverage, exactQuery, foldedQuery, hasMarks, highlight, resolveAgencies } from '../../src/store/search.js';
import type { DirectiveView } from '../../src/store/types.js';
import { createHmac } from 'node:crypto';

describe('queries', () => {
  it('quotes every word and drops FTS5 syntax', () => {
    expect(foldedQuery('Sở "KH&CN" NEAR(đất*) -x folded:y')).toBe('"so" "kh" "cn" "near" "dat" "x" "folded" "y"');
    expect(foldedQuery('a b', 'any')).toBe('"a" OR "b"');
    expect(exactQuery('so khoa')).toBe('');
    expect(exactQuery('Sở Khoa')).toBe('"sở" "khoa"');
    expect(hasMarks('dong')).toBe(false);
    expect(hasMarks('đông')).toBe(true);
  });

  it('highlights folded matches and cuts long text at word boundaries', () => {
    const h = highlight('Ủy ban nhân dân tỉnh Đồng Nai', 'dong nai');
    expect(h.snippet).toBe('Ủy ban nhân dân tỉnh <mark>Đồng</mark> <mark>Nai</mark>');
    const long = `${'mở đầu '.repeat(60)}kết luận quan trọng ${'phần cuối '.repeat(60)}`;
    const s = highlight(long, 'ket luan', 80).snippet;
    expect(s.startsWith('…')).toBe(true);
    expect(s.endsWith('…')).toBe(true);
    expect(s).toContain('<mark>kết</mark> <mark>luận</mark>');
  });
});

describe('agency matching', () => {
  const agencies = [
    { id: 'khcn', name: 'Sở Khoa học và Công nghệ', aliases: [] },
    { id: 'ubnd', name: 'Ủy ban nhân dân tỉnh', aliases: [] },
    { id: 'vp', name: 'Văn phòng Ủy ban nhân dân tỉnh', aliases: [] },
    { id: 'ldtbxh', name: 'Sở Lao động - Thương binh và Xã hội', aliases: [] },
    { id: 'vhttdl', name: 'Sở Văn hóa, Thể thao và Du lịch', aliases: [] },
    { id: 'ca', name: 'Công an tỉnh', aliases: ['phong canh sat pccc'] },
  ];
  it.each([
    ['SKHCN', ['khcn']], ['Sở KH&CN', ['khcn']], ['so khoa hoc', ['khcn']], ['Sở Khoa học và Công nghệ', ['khcn']],
    ['sở khao học', ['khcn']], ['UBND tỉnh', ['ubnd']], ['VP UBND tỉnh', ['vp']], ['Sở LĐ-TB&XH', ['ldtbxh']],
    ['Sở VH,TT&DL', ['vhttdl']], ['Phòng Cảnh sát PCCC', ['ca']], ['khcn', ['khcn']], ['Bộ Tài chính', []], ['x', []],
  ])('%s', (q, ids) => expect(resolveAgencies(q, agencies)).toEqual(ids));
  it('measures coverage', () => {
    expect(agencyCoverage('so khoa hoc', 'Sở Khoa học và Công nghệ')).toBeCloseTo(4 / 6);
    expect(agencyCoverage('so y te', 'Sở Khoa học và Công nghệ')).toBe(0);
  });
});

const directive = (over: Partial<DirectiveView> = {}): DirectiveView => ({
  id: '0123456789abcdef-1', document_id: '0123456789abcdef', seq: 1, page: 1, line: 9, section: '1.a',
  text: 'Chủ trì, phối hợp với Sở Tài chính; báo cáo "kết quả" trước ngày 30/10/2025.',
  assignees: [{ agency: 'Sở Khoa học và Công nghệ', agency_id: 'khcn', role: 'lead' }, { agency: 'Sở Tài chính', agency_id: 'tc', role: 'cooperate' }],
  deadline: { date: '2025-10-30', kind: 'before', text: 'trước ngày 30/10/2025' },
  status: 'open', status_note: null, updated_at: '2025-11-01T08:00:00.000Z',
  document: { id: '0123456789abcdef', doc: 'a.txt', title: 'Kết luận', number: '1/TB-UBND', doc_type: null, date: '2025-09-08' },
  ...over,
});

describe('CSV', () => {
  it('quotes per RFC 4180 and defuses formulas', () => {
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\r\nlines')).toBe('"two\r\nlines"');
    expect(csvField('=SUM(A1)')).toBe("'=SUM(A1)");
    expect(csvField('- gạch đầu dòng')).toBe("'- gạch đầu dòng");
    expect(csvField(null)).toBe('');
    expect(csvField(12)).toBe('12');
    const csv = toCsv([directive()]);
    expect(csv.startsWith('\uFEFFid,')).toBe(true);
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(csv.split('\r\n')).toHaveLength(3);
  });
});

describe('ICS', () => {
  it('escapes text and folds at 75 octets without splitting characters', () => {
    expect(icsText('a,b;c\\d\ne')).toBe('a\\,b\\;c\\\\d\\ne');
    const line = `SUMMARY:${'Ủy ban nhân dân tỉnh '.repeat(10)}`;
    const folded = foldLine(line);
    const enc = new TextEncoder();
    for (const l of folded.split('\r\n')) expect(enc.encode(l).length).toBeLessThanOrEqual(75);
    expect(folded.split('\r\n').map((l, i) => (i ? l.slice(1) : l)).join('')).toBe(line);
  });

  it('parses with ical.js; recurring rules start on an occurrence; unsafe rules are dropped', () => {
    const ics = toIcs([
      directive(),
      directive({ id: 'x-2', deadline: { date: null, kind: 'recurring', text: 'thứ Sáu hằng tuần', rule: 'RRULE:FREQ=WEEKLY;BYDAY=FR' } }),
      directive({ id: 'x-3', deadline: { date: null, kind: 'recurring', text: 'x', rule: 'FREQ=DAILY\r\nATTACH:evil' } }),
      directive({ id: 'x-4', deadline: null }),
    ]);
    const events = new ICAL.Component(ICAL.parse(ics)).getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
    expect(events.map((e) => e.uid)).toEqual(['0123456789abcdef-1@vanban', 'x-2@vanban']);
    expect(events[0].summary).toBe('Sở Khoa học và Công nghệ: Chủ trì, phối hợp với Sở Tài chính; báo cáo "kết quả" trước ngày 30/10/2025.');
    expect(events[1].startDate.toString()).toBe('2025-09-12'); // first Friday on or after 2025-09-08
    expect(ics).not.toContain('ATTACH');
  });
});

describe('webhooks', () => {
  it('signs with HMAC-SHA256 like any other implementation', async () => {
    const body = '{"event":"document.stored","ý":"đ"}';
    expect(await sign('bí mật', body)).toBe(`sha256=${createHmac('sha256', 'bí mật').update(body).digest('hex')}`);
  });

  it.each([
    ['127.0.0.1', true], ['10.0.0.1', true], ['172.31.255.255', true], ['172.32.0.1', false], ['192.168.1.1', true],
    ['169.254.169.254', true], ['100.64.0.1', true], ['0.0.0.0', true], ['8.8.8.8', false], ['::1', true], ['::', true],
    ['fd00::1', true], ['fe80::1', true], ['::ffff:7f00:1', true], ['::ffff:808:808', false], ['2001:4860:4860::8888', false], ['64:ff9b::a00:1', true],
  ])('%s private: %s', (ip, priv) => expect(isPrivateAddress(ip)).toBe(priv));

  it('judges names by what they resolve to', async () => {
    const policy = { allowPrivate: false, resolve: async (h: string) => (h === 'evil.example' ? ['10.0.0.5'] : ['93.184.215.14']) };
    await expect(checkWebhookUrl('https://evil.example/x', policy)).rejects.toMatchObject({ code: 'bad_webhook_url' });
    await expect(checkWebhookUrl('https://ok.example/x', policy)).resolves.toBeInstanceOf(URL);
    await expect(checkWebhookUrl('https://user:pw@ok.example/x', policy)).rejects.toMatchObject({ code: 'bad_webhook_url' });
    await expect(checkWebhookUrl('http://intranet/x', policy)).rejects.toMatchObject({ code: 'bad_webhook_url' });
    await expect(checkWebhookUrl('http://127.0.0.1:1/x', { allowPrivate: true })).resolves.toBeInstanceOf(URL);
  });
});

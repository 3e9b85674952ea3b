import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { testRepairer } from '../helpers/models.js';
import { nearestHost, parseDomains } from '../../src/repair/web.js';

const { repairLines } = testRepairer();
const hosts = parseDomains(readFileSync(new URL('../../models/lm/domains.tsv', import.meta.url), 'utf8'));

describe('web addresses', () => {
  it('lists the hosts the corpus cites', () => {
    expect(hosts.get('dichvucong.gov.vn')).toBeGreaterThan(10);
    expect(hosts.has('nq57.vn')).toBe(true);
    expect([...hosts.keys()].some((h) => /^[a-z]{2,3}\.wikipedia\.org$/.test(h) && h !== 'vi.wikipedia.org')).toBe(false);
  });

  it('puts back one confusable letter of a cited host, and only then', () => {
    expect(nearestHost('ng57.vn', hosts)).toBe('nq57.vn');
    expect(nearestHost('dichvucong.gov.vn', hosts)).toBeUndefined();
    expect(nearestHost('dichvucorng.gov.vn', hosts)).toBeUndefined();
    expect(nearestHost('dlchvucong.gov.vn', hosts)).toBe('dichvucong.gov.vn');
    // a host the corpus does not cite, two letters off, or off by a letter no engine confuses: as printed
    expect(nearestHost('hanoi.gov.vn', hosts)).toBeUndefined();
    expect(nearestHost('dichvucorg.gov.vx', hosts)).toBeUndefined();
    expect(nearestHost('dichvuxong.gov.vn', hosts)).toBeUndefined();
  });

  it('repairs the scheme and the host of a misread address in repaired text', async () => {
    expect(await repairLines(['trên Hệ thống https://ng57.vn; bảo đảm', 'hups://ng57.vn/', 'httĐS://dlchvucong.gov.vn và httPS://www.chinhphu.vn'])).toEqual([
      'trên Hệ thống https://nq57.vn; bảo đảm',
      'https://nq57.vn/',
      'https://dichvucong.gov.vn và https://www.chinhphu.vn',
    ]);
    expect(await repairLines(['thư điện tử: vanthu@hanoi.gov.vn', 'Nghị quyết số 57-NQ/TW'])).toEqual(['thư điện tử: vanthu@hanoi.gov.vn', 'Nghị quyết số 57-NQ/TW']);
  });

  it('reports each fix as a change at its column', async () => {
    const { repairDetailed } = testRepairer();
    const { lines } = await repairDetailed(['xem hups://ng57.vn và httPS://ng57.vn']);
    expect(lines[0].text).toBe('xem https://nq57.vn và https://nq57.vn');
    const web = lines[0].changes.filter((c) => c.to.includes('nq57'));
    expect(web.map((c) => [c.from, c.to, c.col])).toEqual([['hups://ng57.vn', 'https://nq57.vn', 4], ['httPS://ng57.vn', 'https://nq57.vn', 23]]);
  });
});

// Web addresses in scanned notices ("https://nq57.vn", "dichvucong.gov.vn"): the decoder keeps them as
// printed, so a misread letter stays ("hups://ng57.vn"). The scheme has two spellings; a host is checked
// against the hosts the corpus cites (models/lm/domains.tsv) and one confusable letter is put back.
import type { Change } from './change.js';
import { levenshtein } from '../text/distance.js';
import { fold } from './text.js';

/** a host name with a usual top-level domain (letters, digits, hyphens; "www." included) */
export const HOST = /(?<![\p{L}\p{N}.-])(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+(?:vn|com|org|net|gov|edu|int|info)(?![\p{L}\p{N}-])/giu;

/** the scheme, a colon and one or two slashes, then a host */
const ADDRESS = new RegExp(`(?<![\\p{L}\\p{N}])(?:([\\p{L}]{3,6}):\\/\\/?)?(${HOST.source.slice('(?<![\\p{L}\\p{N}.-])'.length)})`, 'giu');

/** letters an OCR engine takes for one another in host names */
const CONFUSABLE = ['gq9', 'il1tj', 'o0ce', 's5', 'b86', 'z2', 'unhv', 'ao'];

export function parseDomains(tsv: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of tsv.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const [host, n] = line.split('\t');
    out.set(host, Number(n));
  }
  return out;
}

const confusable = (x: string, y: string) => CONFUSABLE.some((s) => s.includes(x) && s.includes(y));

/** The cited host one confusable letter (or "rn" for "m") away from `host`, when exactly one is. */
export function nearestHost(host: string, hosts: ReadonlyMap<string, number>): string | undefined {
  if (hosts.has(host) || host.length < 6) return undefined;
  const found: string[] = [];
  for (const h of hosts.keys()) {
    if (h.length === host.length) {
      let diff = -1;
      let n = 0;
      for (let i = 0; i < h.length && n < 2; i++) if (h[i] !== host[i]) { n++; diff = i; }
      if (n === 1 && confusable(h[diff], host[diff])) found.push(h);
    } else if (h.length === host.length - 1 && host.replace('rn', 'm') === h) found.push(h);
  }
  return found.length === 1 ? found[0] : undefined;
}

/** "hups", "httĐS", "Https" -> "https"; null when the word is no misread scheme. */
function scheme(word: string): string | null {
  const s = fold(word).toLowerCase();
  if (s === 'http' || s === 'https') return s;
  if (s[0] !== 'h') return null;
  const dS = levenshtein(s, 'https');
  const d = levenshtein(s, 'http');
  if (Math.min(d, dS) > 2) return null;
  return d < dS ? 'http' : 'https';
}

export function repairWebAddresses(lines: { text: string; changes: Change[] }[], hosts: ReadonlyMap<string, number>): void {
  for (const line of lines) {
    if (!line.text.includes('.')) continue;
    let shift = 0;
    line.text = line.text.replace(ADDRESS, (all: string, sch: string | undefined, host: string, col: number) => {
      let to = host;
      const bare = host.toLowerCase().replace(/^www\./, '');
      const near = nearestHost(bare, hosts);
      if (near) to = host.slice(0, host.length - bare.length) + near;
      let fixed = to;
      if (sch !== undefined) {
        const s = scheme(sch);
        fixed = (s ?? sch) + (s ? '://' : all.slice(sch.length, all.length - host.length)) + to;
      }
      if (fixed === all) return all;
      line.changes.push({ from: all, to: fixed, col: col + shift });
      shift += fixed.length - all.length;
      return fixed;
    });
  }
}

// Web host names the corpus cites (dichvucong.gov.vn, nq57.vn): a scan misreads a letter of a host
// ("ng57.vn") and neither the LM nor the abbreviation table can tell, while the cited hosts are few.
//
// usage: node --import tsx scripts/repair/train-domains.ts [--corpus ../shared/corpus] [--min 2] [--out models/lm/domains.tsv]
import { createReadStream, mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';
import { HOST } from '../../src/repair/web.js';

const args = new Map<string, string>();
for (let i = 2; i < process.argv.length; i += 2) args.set(process.argv[i].replace(/^--/, ''), process.argv[i + 1]);
const CORPUS = args.get('corpus') ?? '../shared/corpus';
const MIN = Number(args.get('min') ?? 2);
const OUT = args.get('out') ?? 'models/lm/domains.tsv';
const FILES = ['tvpl_vanban.txt', 'phapdien.txt.gz', 'alqac_laws.txt', 'viwiki_2025.txt.gz'];

const counts = new Map<string, number>();
for (const f of FILES) {
  const path = `${CORPUS}/${f}`;
  const input = f.endsWith('.gz') ? createReadStream(path).pipe(createGunzip()) : createReadStream(path);
  for await (const line of createInterface({ input, crlfDelay: Infinity })) {
    for (const m of line.matchAll(HOST)) {
      const host = m[0].toLowerCase().replace(/^www\./, '');
      // Wikipedia's language editions (ar.wikipedia.org ...) are link lists, not hosts a notice cites
      if (/\.wikipedia\.org$/.test(host) && host !== 'vi.wikipedia.org') continue;
      counts.set(host, (counts.get(host) ?? 0) + 1);
    }
  }
}
const rows = [...counts].filter(([, n]) => n >= MIN).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
mkdirSync(dirname(OUT), { recursive: true });
writeFileSync(OUT, '# host\tcount\n' + rows.map(([h, n]) => `${h}\t${n}`).join('\n') + '\n');
console.log(`${rows.length} hosts (seen at least ${MIN} times) -> ${OUT}`);

// How often each syllable is printed with a capital inside a sentence (after a lower-case word, a number
// or a comma): "ích", "ở", "ông" almost never are, names and agency words ("Sở", "Ban") often. Noise makes
// a marked lower-case vowel look like its capital ("lợi Ích", "tổ chức Ở"); this table tells the repair
// stage which capitals inside a sentence are misreads. The LM is case-blind, so it cannot.
//
// usage: node --import tsx scripts/repair/train-case.ts [--corpus ../shared/corpus] [--min 30] [--share 0.01] [--out models/lm/case.tsv]
import { createReadStream, mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';
import { isSyllable, splitOf } from '../../src/repair/text.js';

const args = new Map<string, string>();
for (let i = 2; i < process.argv.length; i += 2) args.set(process.argv[i].replace(/^--/, ''), process.argv[i + 1]);
const CORPUS = args.get('corpus') ?? '../shared/corpus';
const MIN = Number(args.get('min') ?? 30);
const SHARE = Number(args.get('share') ?? 0.01);
const OUT = args.get('out') ?? 'models/lm/case.tsv';
const FILES = ['tvpl_vanban.txt', 'phapdien.txt.gz', 'alqac_laws.txt', 'viwiki_2025.txt.gz'];

/** per syllable: [lower-case, capitalised] inside a sentence */
const counts = new Map<string, [number, number]>();
// a word inside a sentence: lower-case, a number, or anything ending in a comma
const RUNNING = /^(\p{Ll}[\p{Ll}\p{M}]*|\d[\d.,]*),?$|,$/u;
for (const f of FILES) {
  const path = `${CORPUS}/${f}`;
  const input = f.endsWith('.gz') ? createReadStream(path).pipe(createGunzip()) : createReadStream(path);
  for await (const raw of createInterface({ input, crlfDelay: Infinity })) {
    // the LM's split: lines of splits 1 and 2 are held out for evaluation
    if (splitOf(raw) !== 0) continue;
    const words = raw.normalize('NFC').split(/\s+/);
    for (let i = 1; i < words.length; i++) {
      if (!RUNNING.test(words[i - 1])) continue;
      const core = words[i].replace(/[.,;:!?)"”]+$/u, '');
      if (!/^\p{L}+$/u.test(core)) continue;
      const lower = core.toLowerCase();
      const title = core === lower ? false : core === lower[0].toUpperCase() + lower.slice(1) ? true : null;
      if (title === null || !isSyllable(lower)) continue;
      const c = counts.get(lower) ?? [0, 0];
      c[title ? 1 : 0]++;
      counts.set(lower, c);
    }
  }
}
const rows = [...counts]
  .filter(([, [lo, ti]]) => lo + ti >= MIN && ti / (lo + ti) < SHARE)
  .sort((a, b) => b[1][0] + b[1][1] - (a[1][0] + a[1][1]) || (a[0] < b[0] ? -1 : 1));
mkdirSync(dirname(OUT), { recursive: true });
writeFileSync(
  OUT,
  `# syllables printed with a capital inside a sentence in under ${SHARE * 100}% of ${MIN}+ uses\n# syllable\tlower\tcapital\n` +
    rows.map(([s, [lo, ti]]) => `${s}\t${lo}\t${ti}`).join('\n') + '\n',
);
console.log(`${rows.length} syllables -> ${OUT}`);

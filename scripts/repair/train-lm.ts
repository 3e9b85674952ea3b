// Train the syllable n-gram language model (interpolated Kneser-Ney, order 2 or 3) from the corpus.
// In-domain sources are weighted over Wikipedia by repeating their counts. Paragraphs of the held-out
// splits (splitOf != 0) are skipped: they feed the channel model and the synthetic test.
//
// usage: node --import tsx scripts/repair/train-lm.ts [--order 3] [--out models/lm]
//        [--weights tvpl=3,phapdien=1,alqac=1,wiki=1] [--min3 2] [--min2 1]
import { createReadStream, mkdirSync, writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { createGunzip, gzipSync } from 'node:zlib';
import { isSyllable, lmToken, normText, splitOf, tokenize } from '../../src/repair/text.js';

const args = new Map<string, string>();
for (let i = 2; i < process.argv.length; i += 2) args.set(process.argv[i].replace(/^--/, ''), process.argv[i + 1]);
const ORDER = Number(args.get('order') ?? 3);
const OUT = args.get('out') ?? 'models/lm';
const CORPUS = args.get('corpus') ?? '../shared/corpus';
const MIN3 = Number(args.get('min3') ?? 2);
const MIN2 = Number(args.get('min2') ?? 1);
const MINSYL = Number(args.get('minsyl') ?? 3);
const MAXLINES = Number(args.get('maxlines') ?? Infinity);
const weights: Record<string, number> = { tvpl: 3, phapdien: 1, alqac: 1, wiki: 1 };
for (const kv of (args.get('weights') ?? '').split(',').filter(Boolean)) {
  const [k, v] = kv.split('=');
  weights[k] = Number(v);
}
const FILES: [string, string][] = [
  ['tvpl', 'tvpl_vanban.txt'],
  ['phapdien', 'phapdien.txt.gz'],
  ['alqac', 'alqac_laws.txt'],
  ['wiki', 'viwiki_2025.txt.gz'],
];
if (ORDER < 2 || ORDER > 3) throw new Error('order must be 2 or 3');

// ---- pass 1: tokens to provisional ids -------------------------------------------------------
const typeId = new Map<string, number>();
const types: string[] = [];
const typeCount: number[] = [];
function idOf(t: string): number {
  let id = typeId.get(t);
  if (id === undefined) {
    id = types.length;
    typeId.set(t, id);
    types.push(t);
    typeCount.push(0);
  }
  return id;
}
const BOS = idOf('<s>');
const EOS = idOf('</s>');
idOf('<u>');

// abbreviation forms: folded caps component -> form -> count
const abbrev = new Map<string, Map<string, number>>();
function noteAbbrev(tok: string): void {
  for (const part of tok.split(/[-/.]/)) {
    if (part.length < 2 || part.length > 10 || !/^\p{Lu}+$/u.test(part)) continue;
    if (isSyllable(part.toLowerCase())) continue;
    const key = part.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/Đ/g, 'D');
    let m = abbrev.get(key);
    if (!m) abbrev.set(key, (m = new Map()));
    m.set(part, (m.get(part) ?? 0) + 1);
  }
}

interface Chunk {
  src: number;
  ids: Int32Array;
  n: number;
}
const chunks: Chunk[] = [];
let cur: Chunk | null = null;
function push(src: number, id: number): void {
  if (!cur || cur.src !== src || cur.n === cur.ids.length) {
    cur = { src, ids: new Int32Array(1 << 22), n: 0 };
    chunks.push(cur);
  }
  cur.ids[cur.n++] = id;
}

async function readSource(si: number, file: string): Promise<void> {
  const path = `${CORPUS}/${file}`;
  const input = file.endsWith('.gz') ? createReadStream(path).pipe(createGunzip()) : createReadStream(path);
  const rl = createInterface({ input, crlfDelay: Infinity });
  let lines = 0;
  for await (const line of rl) {
    if (splitOf(line) !== 0) continue;
    if (++lines > MAXLINES) break;
    const toks = tokenize(normText(line));
    for (let k = 1; k < ORDER; k++) push(si, BOS);
    for (const t of toks) {
      if (t.kind === 'other' || (t.kind === 'word' && t.text.length > 1 && t.text === t.text.toUpperCase())) noteAbbrev(t.text);
      const id = idOf(lmToken(t));
      typeCount[id]++;
      push(si, id);
    }
    push(si, EOS);
  }
  console.error(`${file}: ${lines} paragraphs, ${types.length} types so far`);
}

async function main(): Promise<void> {
  const t0 = Date.now();
  const srcNames = FILES.map((f) => f[0]);
  for (let si = 0; si < FILES.length; si++) {
    if ((weights[FILES[si][0]] ?? 0) > 0) await readSource(si, FILES[si][1]);
  }
  // ---- vocabulary ----------------------------------------------------------------------------
  const keep = (t: string, c: number): boolean => {
    if (t.startsWith('<')) return true;
    if (/^\p{L}+$/u.test(t)) return isSyllable(t) ? c >= MINSYL : c >= 30;
    return c >= 3; // punctuation
  };
  const vocab: string[] = ['<s>', '</s>', '<u>'];
  const remap = new Int32Array(types.length).fill(2);
  remap[BOS] = 0;
  remap[EOS] = 1;
  for (let i = 0; i < types.length; i++) {
    if (i === BOS || i === EOS || types[i] === '<u>') continue;
    if (keep(types[i], typeCount[i])) {
      remap[i] = vocab.length;
      vocab.push(types[i]);
    }
  }
  const V = vocab.length;
  if (V >= 32768) throw new Error(`vocabulary too large: ${V}`);
  console.error(`vocab ${V} (of ${types.length} types)`);

  // ---- n-gram keys with the source in the low 2 bits ------------------------------------------
  let total = 0;
  for (const c of chunks) total += c.n;
  const keys = new Float64Array(total);
  let n = 0;
  const V2 = V * V;
  // chunks of one source are contiguous and sequences never straddle sources
  let h1 = -1;
  let h2 = -1;
  let lastSrc = -1;
  for (const c of chunks) {
    if (c.src !== lastSrc) {
      h1 = h2 = -1;
      lastSrc = c.src;
    }
    for (let i = 0; i < c.n; i++) {
      const w = remap[c.ids[i]];
      if (ORDER === 3) {
        if (h1 >= 0 && w !== 0) keys[n++] = ((h1 * V + h2) * V + w) * 4 + c.src;
      } else if (h2 >= 0 && w !== 0) keys[n++] = (h2 * V + w) * 4 + c.src;
      h1 = h2;
      h2 = w;
    }
  }
  chunks.length = 0;
  const sorted = keys.subarray(0, n).sort();
  console.error(`${n} ${ORDER}-gram tokens sorted in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  const wOf = srcNames.map((s) => weights[s] ?? 0);

  // unique top-order n-grams with weighted counts
  const topKeys: number[] = [];
  const topCnt: number[] = [];
  for (let i = 0; i < n; ) {
    const k = Math.floor(sorted[i] / 4);
    let c = 0;
    while (i < n && Math.floor(sorted[i] / 4) === k) c += wOf[sorted[i++] % 4];
    topKeys.push(k);
    topCnt.push(c);
  }
  console.error(`${topKeys.length} distinct ${ORDER}-grams`);

  const disc = (cnts: Iterable<number>): number => {
    let n1 = 0;
    let n2 = 0;
    for (const c of cnts) {
      if (c === 1) n1++;
      else if (c === 2) n2++;
    }
    return n1 + 2 * n2 > 0 ? Math.min(0.95, Math.max(0.3, n1 / (n1 + 2 * n2))) : 0.75;
  };

  // ---- build per-order tables -----------------------------------------------------------------
  // bigram stats: raw counts (order 2 top) or continuation counts N1+(.bc) (order 3)
  const biCount = new Map<number, number>(); // key b*V+c
  if (ORDER === 3) {
    for (const k of topKeys) {
      const bc = k % V2;
      biCount.set(bc, (biCount.get(bc) ?? 0) + 1);
    }
  } else {
    for (let i = 0; i < topKeys.length; i++) biCount.set(topKeys[i], topCnt[i]);
  }
  // unigram continuation counts N1+(.c)
  const uniCont = new Float64Array(V);
  for (const bc of biCount.keys()) uniCont[bc % V]++;
  let uniTotal = 0;
  for (let i = 0; i < V; i++) uniTotal += uniCont[i];
  const pUni = new Float64Array(V);
  for (let i = 0; i < V; i++) pUni[i] = (uniCont[i] + 0.5) / (uniTotal + 0.5 * V);

  // bigram level: context b totals
  const D2 = disc(ORDER === 3 ? biCount.values() : topCnt.map((c) => Math.round(c)));
  const biCtxTotal = new Float64Array(V);
  const biCtxTypes = new Float64Array(V);
  for (const [bc, c] of biCount) {
    const b = Math.floor(bc / V);
    biCtxTotal[b] += c;
    biCtxTypes[b]++;
  }
  const gamma2 = new Float64Array(V);
  for (let b = 0; b < V; b++) gamma2[b] = biCtxTotal[b] > 0 ? (D2 * biCtxTypes[b]) / biCtxTotal[b] : 1;
  const pBi = (b: number, c: number): number => {
    const cnt = biCount.get(b * V + c) ?? 0;
    const t = biCtxTotal[b];
    if (t === 0) return pUni[c];
    return Math.max(cnt - D2, 0) / t + gamma2[b] * pUni[c];
  };

  // bigram entries kept: all with count >= MIN2 (continuation count for order 3)
  const biList = [...biCount.entries()].filter(([, c]) => c >= MIN2).map(([k]) => k).sort((a, b) => a - b);
  const biIndex = new Map<number, number>();
  biList.forEach((k, i) => biIndex.set(k, i));

  // trigram level
  const triList: number[] = [];
  const triP: number[] = [];
  const gamma3 = new Float64Array(biList.length).fill(1);
  if (ORDER === 3) {
    const D3 = disc(topCnt.map((c) => Math.round(c / (wOf[0] || 1))));
    // context totals by ab
    for (let i = 0; i < topKeys.length; ) {
      const ab = Math.floor(topKeys[i] / V);
      let tot = 0;
      let typesN = 0;
      let j = i;
      while (j < topKeys.length && Math.floor(topKeys[j] / V) === ab) {
        tot += topCnt[j];
        typesN++;
        j++;
      }
      const g = (D3 * typesN) / tot;
      const bIdx = biIndex.get(ab);
      if (bIdx !== undefined) gamma3[bIdx] = g;
      const b = ab % V;
      for (let k = i; k < j; k++) {
        if (bIdx === undefined || topCnt[k] < MIN3) continue;
        const c = topKeys[k] % V;
        triList.push(topKeys[k]);
        triP.push(Math.max(topCnt[k] - D3, 0) / tot + g * pBi(b, c));
      }
      i = j;
    }
    console.error(`D2 ${D2.toFixed(3)} D3 ${D3.toFixed(3)}; kept ${biList.length} bigrams, ${triList.length} trigrams`);
  } else console.error(`D2 ${D2.toFixed(3)}; kept ${biList.length} bigrams`);

  // ---- quantise and write -----------------------------------------------------------------------
  const q = (p: number): number => Math.max(0, Math.min(255, Math.round(-Math.log10(p) * 32)));
  const uniLp = new Float32Array(V);
  const uniBow = new Float32Array(V);
  const biStart = new Uint32Array(V + 1);
  for (let i = 0; i < V; i++) {
    uniLp[i] = Math.log10(pUni[i]);
    uniBow[i] = Math.log10(gamma2[i]);
  }
  const B = biList.length;
  const biW = new Uint16Array(B);
  const biLp = new Uint8Array(B);
  const biBow = new Uint8Array(B);
  const triStart = new Uint32Array(B + 1);
  for (let i = 0; i < B; i++) {
    const b = Math.floor(biList[i] / V);
    const c = biList[i] % V;
    biStart[b + 1]++;
    biW[i] = c;
    biLp[i] = q(pBi(b, c));
    biBow[i] = q(gamma3[i]);
  }
  for (let i = 0; i < V; i++) biStart[i + 1] += biStart[i];
  const T = triList.length;
  const triW = new Uint16Array(T);
  const triLp = new Uint8Array(T);
  for (let i = 0; i < T; i++) {
    const ab = Math.floor(triList[i] / V);
    triStart[biIndex.get(ab)! + 1]++;
    triW[i] = triList[i] % V;
    triLp[i] = q(triP[i]);
  }
  for (let i = 0; i < B; i++) triStart[i + 1] += triStart[i];

  const parts = [uniLp, uniBow, biStart, biW, biLp, biBow, triStart, triW, triLp].map(
    (a) => Buffer.from(a.buffer, a.byteOffset, a.byteLength),
  );
  const header = Buffer.from(JSON.stringify({ format: 1, order: ORDER, V, B, T, quant: 32, weights }));
  const len = Buffer.alloc(4);
  len.writeUInt32LE(header.length);
  // pad the header so typed arrays stay aligned when the file is read back
  const pad = Buffer.alloc((8 - ((4 + header.length) % 8)) % 8, 32);
  const body: Buffer[] = [];
  let off = 0;
  for (const p of parts) {
    body.push(p);
    off += p.length;
    const r = (4 - (off % 4)) % 4;
    if (r) {
      body.push(Buffer.alloc(r));
      off += r;
    }
  }
  mkdirSync(OUT, { recursive: true });
  writeFileSync(`${OUT}/lm.bin.gz`, gzipSync(Buffer.concat([len, header, pad, ...body]), { level: 9 }));
  writeFileSync(`${OUT}/vocab.txt`, vocab.join('\n') + '\n');
  // abbreviation forms: the form with the letter đ wins when it is common enough
  const abRows: string[] = [];
  for (const [key, forms] of [...abbrev.entries()].sort()) {
    let tot = 0;
    for (const c of forms.values()) tot += c;
    if (tot < 10) continue;
    const best = [...forms.entries()].sort((a, b) => b[1] - a[1])[0];
    abRows.push(`${key}\t${best[0]}\t${tot}`);
  }
  writeFileSync(`${OUT}/abbrev.tsv`, '# folded\tform\tcount\n' + abRows.join('\n') + '\n');
  console.error(`wrote ${OUT} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});

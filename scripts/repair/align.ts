// Token alignment of OCR output to its truth (page level), shared by channel training and evaluation.
import { fold, normText, tokenize } from '../../src/repair/text.js';

export interface PairRecord {
  split: number;
  engine: string;
  truth: string[];
  ocr: { text: string; words: { text: string; conf: number }[] }[];
}

function lev(a: string, b: string): number {
  const m = b.length;
  let prev = Array.from({ length: m + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= m; j++) cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[m];
}

/**
 * Aligned (truth, obs, OCR confidence of obs) word pairs of a page; 1:1 matches only.
 * `ocrConf[line][chunk]` is the OCR word confidence of a whitespace-separated word.
 */
export function alignPage(truthLines: string[], ocrLines: string[], ocrConf?: number[][]): [string, string, number?][] {
  const T = truthLines.flatMap((l) => tokenize(normText(l)).filter((t) => t.kind !== 'punct').map((t) => t.text));
  const OC: number[] = [];
  const O = ocrLines.flatMap((l, li) =>
    tokenize(l.normalize('NFC'))
      .filter((t) => t.kind !== 'punct')
      .map((t) => {
        OC.push(ocrConf?.[li]?.[t.chunk] ?? NaN);
        return t.text;
      }),
  );
  const n = T.length;
  const m = O.length;
  const W = m + 1;
  const dp = new Float64Array((n + 1) * W);
  const bt = new Int8Array((n + 1) * W);
  const ft = T.map((t) => fold(t).toLowerCase());
  const fo = O.map((t) => fold(t).toLowerCase().replace(/[^a-z0-9]/g, ''));
  for (let i = 0; i <= n; i++)
    for (let j = 0; j <= m; j++) {
      if (!i && !j) continue;
      let best = Infinity;
      let how = 0;
      if (i && j) {
        const d = lev(ft[i - 1], fo[j - 1]) / Math.max(ft[i - 1].length, fo[j - 1].length, 1);
        const c = dp[(i - 1) * W + j - 1] + (d > 0.75 ? 1.6 : d);
        if (c < best) (best = c), (how = 1);
      }
      if (i && dp[(i - 1) * W + j] + 0.8 < best) (best = dp[(i - 1) * W + j] + 0.8), (how = 2);
      if (j && dp[i * W + j - 1] + 0.8 < best) (best = dp[i * W + j - 1] + 0.8), (how = 3);
      dp[i * W + j] = best;
      bt[i * W + j] = how;
    }
  const out: [string, string, number?][] = [];
  let i = n;
  let j = m;
  while (i > 0 || j > 0) {
    const how = bt[i * W + j];
    if (how === 1) {
      i--;
      j--;
      const d = lev(ft[i], fo[j]) / Math.max(ft[i].length, fo[j].length, 1);
      if (d <= 0.75) out.push(Number.isNaN(OC[j]) ? [T[i], O[j]] : [T[i], O[j], OC[j]]);
    } else if (how === 2) i--;
    else j--;
  }
  return out.reverse();
}

// Shared bits of the OCR tests: the committed samples, the readers, a word accuracy like the scorer's.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defaultLimits } from '../../src/config.js';
import { ingest } from '../../src/ingest/index.js';
import { readImage } from '../../src/ingest/image.js';
import { readPdf } from '../../src/ingest/pdf.js';
import { levenshtein } from '../../src/text/distance.js';
import { ROOT } from '../helpers/server.js';

export const SCANS = join(ROOT, 'samples/scans');
export const readers = { 'application/pdf': readPdf, 'image/png': readImage, 'image/jpeg': readImage, 'image/tiff': readImage, 'image/webp': readImage } as const;

export const sample = (name: string) => new Uint8Array(readFileSync(join(SCANS, name)));
export const truth = (name: string) => readFileSync(join(SCANS, name), 'utf8');

export function ingestFile(bytes: Uint8Array, filename = 'upload', limits = defaultLimits) {
  return ingest({ bytes, filename }, { limits, readers });
}

/** Word tokens as ../shared/eval/score_text.py --words counts them (punctuation dropped). */
export function words(s: string): string[] {
  return s
    .normalize('NFC')
    .replace(/([^\p{L}\p{N}_\s])/gu, ' $1 ')
    .split(/\s+/)
    .filter((t) => /[\p{L}\p{N}_]/u.test(t));
}

/** 1 - token edit distance / gold tokens (whole text, order matters). */
export function wordAccuracy(gold: string, out: string): number {
  const a = words(gold);
  return 1 - levenshtein(a, words(out)) / Math.max(1, a.length);
}

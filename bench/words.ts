// Word accuracy as ../shared/eval/score_text.py GOLD OUT --words counts it (its Python scorer is slow on
// whole notices): NFC, punctuation split off and dropped, errors = word edit distance.
import { levenshtein } from '../src/text/distance.js';

export function toks(s: string): string[] {
  return s
    .normalize('NFC')
    .replace(/([^\p{L}\p{N}\p{M}_\s])/gu, ' $1 ')
    .split(/\s+/)
    .filter((x) => /[\p{L}\p{N}_]/u.test(x));
}

/** Words of gold not read right in out. */
export const wordErrors = (gold: string, out: string): number => levenshtein(toks(gold), toks(out));

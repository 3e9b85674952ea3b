// The chosen path written back into the lines: each changed token replaced in place, its case restored,
// with a confidence per line from the channel margins of the choices.
import type { Change } from '../change.js';
import { normTone, recase } from '../text.js';
import { candOf } from './cand-info.js';
import type { DecodedLine, StreamTok } from './types.js';

/** OCR confidence from which a printed final i is taken as the document's spelling (see sameWord) */
const SPELLING_CONF = 90;
const Y_FOR_I: Record<string, string> = { i: 'y', í: 'ý', ì: 'ỳ', ỉ: 'ỷ', ĩ: 'ỹ', ị: 'ỵ' };

export function writeBack(lines: string[], toks: StreamTok[], choice: Int32Array): DecodedLine[] {
  const confSum = new Float64Array(lines.length);
  const confN = new Float64Array(lines.length);
  const edits: Change[][] = lines.map(() => []);
  for (let i = 0; i < toks.length; i++) {
    const { line, tok } = toks[i];
    const chosen = choice[i];
    const c = candOf(toks[i], chosen);
    const text = tok.text;
    // "Iy" read for "lý": the capital I was a lower-case l
    const like = text.charCodeAt(0) === 73 && /^I\p{Ll}/u.test(text) && c.out.startsWith('l') ? 'l' + text.slice(1) : text;
    // recase() leaves a word as it is after a token with no capitals
    let to = c.keep || !hasUpper(like) ? c.out : recase(c.out, like);
    if (to !== text && tok.kind === 'word' && sameWord(text, to, toks[i].conf)) to = text;
    if (to !== text) edits[line].push({ from: text, to, col: tok.col });
    if (tok.kind === 'word' || tok.kind === 'other') {
      confSum[line] += choiceConfidence(toks[i], chosen);
      confN[line]++;
    }
  }
  const res: DecodedLine[] = new Array(lines.length);
  for (let li = 0; li < lines.length; li++) {
    const ed = edits[li];
    res[li] = {
      text: applyEdits(lines[li], ed).normalize('NFC'),
      changes: ed,
      confidence: confN[li] ? Number((confSum[li] / confN[li]).toFixed(3)) : 1,
    };
  }
  return res;
}

/** A logistic of the channel margin between the chosen candidate and the next cheapest (1 with no other). */
function choiceConfidence(t: StreamTok, chosen: number): number {
  const { floats, floatsAt, K } = t.info!;
  let margin = Infinity;
  for (let k = 0; k < K; k++) if (k !== chosen) margin = Math.min(margin, floats[floatsAt + k] - floats[floatsAt + chosen]);
  return K === 1 ? 1 : 1 / (1 + Math.pow(10, -Math.min(margin, 10) - 0.5));
}

/** Edits come in token order and do not overlap: the line is the text between them and their replacements. */
function applyEdits(text: string, edits: Change[]): string {
  if (!edits.length) return text;
  let out = '';
  let at = 0;
  for (const e of edits) {
    out += text.slice(at, e.col) + e.to;
    at = e.col + e.from.length;
  }
  return out + text.slice(at);
}

/**
 * The word as printed and the decoder's word are one word spelled two accepted ways: the tone mark placed
 * the old way ("Uỷ", "hoà" for "Ủy", "hòa"), or, read confidently, a final i for y after a consonant ("quản
 * lí", "kĩ thuật"). The document's own spelling stays.
 */
function sameWord(printed: string, decoded: string, conf: number | undefined): boolean {
  if (normTone(printed) === decoded) return true;
  if (conf === undefined || conf < SPELLING_CONF) return false;
  const m = printed.match(/^([bcdđghklmnpqrstvx]+)([iíìỉĩị])$/iu);
  return !!m && decoded === m[1] + (m[2] === m[2].toUpperCase() ? Y_FOR_I[m[2].toLowerCase()].toUpperCase() : Y_FOR_I[m[2]]);
}

/** Whether s has a character that toLowerCase() changes (a quick pass for ASCII). */
function hasUpper(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 65 && c <= 90) return true;
    if (c >= 128) return s !== s.toLowerCase();
  }
  return false;
}

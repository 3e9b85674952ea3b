// Vietnamese text primitives: tone-mark style, folding, syllable shape, tokens.
// Shared by the decoder and the training scripts so both see text the same way.
import { stripMarks } from '../text/fold.js';

/** Combining tone marks (NFD): grave, acute, tilde, hook above, dot below. */
const TONE_MARKS = '\u0300\u0301\u0303\u0309\u0323';
const TONE_RE = /[\u0300\u0301\u0303\u0309\u0323]/;

/** tone index: 0 level, 1 grave, 2 acute, 3 tilde, 4 hook, 5 dot */
export function toneOf(word: string): number {
  const m = word.normalize('NFD').match(TONE_RE);
  return m ? TONE_MARKS.indexOf(m[0]) + 1 : 0;
}

/** In repair, `fold` keeps case: the skeleton of a word as printed ("Đồng" -> "Dong"). */
export { stripMarks as fold };

/** Remove the tone mark only (keep â, ă, ê, ô, ơ, ư, đ). */
export function stripTone(s: string): string {
  return s.normalize('NFD').replace(/[\u0300\u0301\u0303\u0309\u0323]/g, '').normalize('NFC');
}

/**
 * One tone-placement style: the mark sits on the first vowel of open "oa", "oe", "uy"
 * (hòa, khỏe, thủy), as the gold and most provincial documents write it; "quý", "hoàn" unchanged.
 */
export function normTone(word: string): string {
  const d = word.normalize('NFD');
  const m = d.match(/^(.*?)([oOuU])([aAeEyY])([\u0300\u0301\u0303\u0309\u0323])$/);
  if (!m) return word.normalize('NFC');
  const pre = m[1];
  if (/[qQ]$/.test(pre) && (m[2] === 'u' || m[2] === 'U')) return word.normalize('NFC');
  if (/[aeiouyăâêôơư\u0306\u0302\u031b]/i.test(pre.replace(/[gG][iI]$/, ''))) return word.normalize('NFC');
  if ((m[2] === 'u' || m[2] === 'U') && !/[yY]/.test(m[3])) return word.normalize('NFC');
  return (pre + m[2] + m[4] + m[3]).normalize('NFC');
}

/** Normalise a whole text: NFC and one tone style for every word. */
export function normText(s: string): string {
  return s.normalize('NFC').replace(/\p{L}+/gu, (w) => (/[oOuU][aAeEyY]$/.test(stripMarks(w)) ? normTone(w) : w));
}

const ONSETS = [
  'ngh', 'ng', 'nh', 'ch', 'gh', 'gi', 'kh', 'ph', 'qu', 'th', 'tr',
  'b', 'c', 'd', 'đ', 'g', 'h', 'k', 'l', 'm', 'n', 'p', 'r', 's', 't', 'v', 'x', '',
];
// Toneless rhymes (with vowel quality marks).
const RHYMES = new Set(
  (
    'a ai ao au ay ac ach am an ang anh ap at ăc ăm ăn ăng ăp ăt âc âm ân âng âp ât âu ây ' +
    'e ec em en eng eo ep et ê êch êm ên ênh êp êt êu ' +
    'i ia ich im in inh ip it iu iêc iêm iên iêng iêp iêt iêu ' +
    'o oc oi om on ong op ot oa oac oach oai oam oan oang oanh oao oap oat oay oăc oăm oăn oăng oăt ' +
    'oe oen oeo oet ooc oong ô ôc ôi ôm ôn ông ôp ôt ơ ơi ơm ơn ơp ơt ' +
    'u ua uân uâng uât uây uc ui um un ung up ut uê uênh uêch uy uya uych uyên uyêt uynh uyt uyu ' +
    'uôc uôi uôm uôn uông uôt uơ ư ưa ưc ưi ưm ưn ưng ưt ưu ươc ươi ươm ươn ương ươp ươt ươu ' +
    'y yêm yên yêt yêu ynh yt'
  ).split(' '),
);

/** Phonotactic check of a lowercase NFC word: onset + rhyme + a tone that fits the coda. */
export function isSyllable(w: string): boolean {
  if (w.length === 0 || w.length > 7) return false;
  const t = toneOf(w);
  const base = stripTone(w);
  for (const on of ONSETS) {
    if (!base.startsWith(on)) continue;
    let rhyme = base.slice(on.length);
    if (on === 'gi' && (rhyme === '' || !/^[iy]/.test(rhyme))) {
      if (rhyme === '') rhyme = 'i';
    } else if (on === 'qu' && rhyme.startsWith('u')) continue;
    if (!RHYMES.has(rhyme)) continue;
    if (/(c|ch|p|t)$/.test(rhyme) && t !== 2 && t !== 5) continue;
    // spelling rules: k/gh/ngh before front vowels only; c/g/ng not before them
    const front = /^[eêiy]/.test(rhyme);
    // k before a back vowel occurs in place names (Bắc Kạn, Kon Tum)
    if ((on === 'gh' || on === 'ngh') && !front) continue;
    if ((on === 'c' || on === 'ng') && front) continue;
    return true;
  }
  return false;
}

export type TokenKind = 'word' | 'num' | 'punct' | 'other';
export interface Token {
  text: string;
  /** column (UTF-16 index) in the line */
  col: number;
  kind: TokenKind;
  /** index of the whitespace-separated chunk the token came from (OCR words are chunks) */
  chunk: number;
}

const LETTER = /\p{L}/u;

/**
 * Split a line into tokens: whitespace-separated chunks with edge punctuation split off.
 * Inner punctuation stays (codes "57-NQ/TW", OCR noise "phu’0’11g").
 */
export function tokenize(line: string): Token[] {
  const out: Token[] = [];
  const re = /\S+/g;
  let m: RegExpExecArray | null;
  let chunk = -1;
  while ((m = re.exec(line))) {
    chunk++;
    let s = m[0];
    let col = m.index;
    // opening marks, and a dash or bullet glued to a word ("-Như")
    const lead = s.match(/^(?:[([{"“‘«]+|[-–—•+*](?=\p{L}))/u);
    if (lead && lead[0].length < s.length) {
      for (const ch of lead[0]) out.push({ text: ch, col: col++, kind: 'punct', chunk });
      s = s.slice(lead[0].length);
    }
    const trail = s.match(/[)\]}"”’»…,.;:!?/*®]+$/u);
    let tail: string[] = [];
    if (trail && trail[0].length < s.length && !/^\d+([.,]\d+)*\.$/.test(s)) {
      // keep "..." and "1." whole only when the token is nothing else
      s = s.slice(0, s.length - trail[0].length);
      tail = [...trail[0]];
    }
    if (!isCode(s) && /^[^.,;*®/]+([.,;*®/][^.,;*®/]+)+$/u.test(s) && /\p{L}{2}/u.test(s) && !/^[\d.,/]+$/.test(s)) {
      // words glued by a stray mark ("TL.CHU", "hién*"): split at the marks
      for (const part of s.split(/([.,;*®/])/)) {
        if (!part) continue;
        out.push({ text: part, col, kind: /^[.,;*®/]$/.test(part) ? 'punct' : kindOf(part), chunk });
        col += part.length;
      }
    } else {
      out.push({ text: s, col, kind: kindOf(s), chunk });
      col += s.length;
    }
    for (const ch of tail) out.push({ text: ch, col: col++, kind: 'punct', chunk });
  }
  return out;
}

export function kindOf(s: string): TokenKind {
  if (!LETTER.test(s) && !/\d/.test(s)) return 'punct';
  if (/^[+-]?\d+([.,/:-]\d+)*[.%]?$/.test(s)) return 'num';
  if (/^\p{L}+$/u.test(s)) return 'word';
  return 'other';
}

/** LM token for a clean corpus token (lowercase syllable, abbreviation, class or punctuation). */
export function lmToken(t: Token): string {
  if (t.kind === 'num') return '<n>';
  if (t.kind === 'punct') return PUNCT_LM.has(t.text) ? t.text : '<p>';
  if (t.kind === 'word') {
    const w = normTone(t.text.toLowerCase());
    return isSyllable(w) ? w : t.text === t.text.toUpperCase() && t.text.length > 1 ? w : '<u>';
  }
  return /\d/.test(t.text) || /[-/]/.test(t.text) ? '<c>' : '<u>';
}
const PUNCT_LM = new Set([',', '.', ';', ':', '(', ')', '-', '"', '?', '!', '/']);

export function recase(word: string, like: string): string {
  const letters = like.replace(/[^\p{L}]/gu, '');
  if (letters.length === 0) return word;
  const upper = letters === letters.toUpperCase() && letters !== letters.toLowerCase();
  if (upper && (letters.length > 1 || word.length === 1)) return word.toUpperCase();
  const first = like.match(/\p{L}|\d/u)?.[0] ?? '';
  if (first && first === first.toUpperCase() && first !== first.toLowerCase()) {
    return word.charAt(0).toUpperCase() + word.slice(1);
  }
  return word;
}

/** FNV-1a 32-bit hash, used for the deterministic train / held-out split. */
export function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Corpus split: 0 = LM training, 1 = channel training (held out), 2 = synthetic test (held out). */
export function splitOf(paragraph: string): 0 | 1 | 2 {
  const r = fnv1a(paragraph) % 100;
  return r === 0 ? 2 : r === 1 ? 1 : 0;
}

/** Document numbers, dates with letters, URLs, e-mails: kept as printed apart from abbreviation letters. */
export function isCode(s: string): boolean {
  if (/^(https?:|www\.)|@.*\.|\.(vn|com|gov|org|net)\b/i.test(s)) return true;
  if (/\d/.test(s) && /[-/]/.test(s)) return true;
  if (/\p{L}[-/]\p{L}/u.test(s) && /^[\p{Lu}\d/.-]+$/u.test(s)) return true;
  return false;
}

// Diacritic folding, the one definition used by repair, extraction and search.
// Unicode does not decompose đ, so it is folded by hand.

function stripMarksSlow(s: string): string {
  return s.normalize('NFD').replace(/\p{M}+/gu, '').replace(/đ/g, 'd').replace(/Đ/g, 'D');
}

// Text is folded word by word in the decoder's inner loop: single characters are folded once and remembered.
const charCache = new Map<string, string>();

/** Every diacritic removed and đ -> d, case kept: "Đồng" -> "Dong". */
export function stripMarks(s: string): string {
  let ascii = true;
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 127) ascii = false;
  if (ascii) return s;
  if (s.length > 24) return stripMarksSlow(s);
  let out = '';
  for (const ch of s.normalize('NFC')) {
    let f = charCache.get(ch);
    if (f === undefined) {
      f = stripMarksSlow(ch);
      if (charCache.size < 5000) charCache.set(ch, f);
    }
    out += f;
  }
  return out;
}

/** For matching, search and ids: lower case, no diacritics, đ -> d ("Sở Tài chính" -> "so tai chinh"). */
export function fold(s: string): string {
  return stripMarks(s).toLowerCase();
}

/** A stable id from a name: folded, "&" read as "và", other non-alphanumerics to single dashes. */
export function slug(s: string): string {
  return fold(s)
    .replace(/&/g, ' va ')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

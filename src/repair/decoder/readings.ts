// Readings of a token as a number: digits read as look-alike letters ("0l" for "01") and Roman
// numerals with I read as l, L or 1 ("I11" for "III").

/** Roman numerals of two letters or more, all upper or all lower case */
export const ROMAN = /^(?=[ivxlcIVXLC]{2,})(X{0,3}(IX|IV|V?I{0,3})|x{0,3}(ix|iv|v?i{0,3}))$/;
/** Channel cost (log10) of each letter read back as a digit by digitReading(). */
export const DIGIT_LOOK = 0.5;
const LOOKS_DIGIT = /^[0-9OoØøIl|]{2,}$/;
/** A Vietnamese model's noisy digits also read as S (5) and B (8) ("S6" for "56"); mangled text has too many stray S and B. */
const LOOKS_DIGIT_CAPS = /^[0-9OoØøIl|SB]{2,}$/;

/** "0l" -> "01", "Øl" -> "01": a token of digits and letters that look like them, with a real digit or Ø. */
export function digitReading(raw: string, capitals = false): { text: string; subs: number } | null {
  if (!(capitals ? LOOKS_DIGIT_CAPS : LOOKS_DIGIT).test(raw) || !/[0-9Øø]/.test(raw) || /^[0-9]+$/.test(raw)) return null;
  let subs = 0;
  const text = raw.replace(capitals ? /[OoØøIl|SB]/g : /[OoØøIl|]/g, (c) => {
    subs++;
    return /[OoØø]/.test(c) ? '0' : c === 'S' ? '5' : c === 'B' ? '8' : '1';
  });
  return { text, subs };
}

/** Upper-case Roman numerals with I read as l, L or 1 ("I11" -> "III", "IL" -> "II"). */
export function romanFix(raw: string): string | undefined {
  if (!/^[IVX][IVXLl1]+$/.test(raw) || !/[Ll1]/.test(raw)) return undefined;
  const r = raw.replace(/[Ll1]/g, 'I');
  return ROMAN.test(r) ? r : undefined;
}

// Edit distance, the one definition used by repair and extraction.

/** Levenshtein distance (insertions, deletions, substitutions) of two strings, or of two word lists. */
export function levenshtein<T>(a: ArrayLike<T>, b: ArrayLike<T>): number {
  const prev = Array.from({ length: b.length + 1 }, (_, k) => k);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0];
    prev[0] = i;
    for (let k = 1; k <= b.length; k++) {
      const up = prev[k];
      prev[k] = Math.min(up + 1, prev[k - 1] + 1, diag + (a[i - 1] === b[k - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length];
}

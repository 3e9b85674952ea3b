// One edit of a repaired line. The decoder makes them and the document-level passes (codes, names,
// numerals, web addresses) add theirs; a module of its own so that those passes need not import the decoder.

/** A replacement in a line: the text as printed at column col (UTF-16 units) and what replaces it. */
export interface Change {
  from: string;
  to: string;
  col: number;
}

// Two-column blocks (issuer left, national motto right) read one column after the other, never
// interleaved line by line. Shared by PDF text layers and OCR output (both give rows of positioned pieces).

export interface Segment<T> { x0: number; x1: number; items: T[] }
export interface Row<T> { segments: Segment<T>[] }

/**
 * Rows in reading order -> lines (lists of items). A run of rows split by a wide gap is a two-column
 * block: its left pieces come first, then its right ones. A centred or full-width row ends the block.
 */
export function orderColumns<T>(rows: Row<T>[], pageWidth: number): T[][] {
  const out: T[][] = [];
  const mid = pageWidth / 2;
  let left: T[][] = [];
  let right: T[][] = [];
  let inColumns = false;
  const flush = () => {
    out.push(...left, ...right);
    left = [];
    right = [];
    inColumns = false;
  };
  for (const r of rows) {
    if (!r.segments.length) continue;
    const spanning = r.segments.length === 1 && isSpanning(r.segments[0], pageWidth);
    if (r.segments.length >= 2) inColumns = true;
    if (inColumns && !spanning) {
      for (const s of r.segments) ((s.x0 + s.x1) / 2 < mid ? left : right).push(s.items);
      continue;
    }
    if (inColumns) flush();
    out.push(r.segments.flatMap((s) => s.items));
  }
  flush();
  return out;
}

/** A single piece that is centred on the page or runs across most of it (title, body text). */
function isSpanning(s: { x0: number; x1: number }, pageWidth: number): boolean {
  const mid = pageWidth / 2;
  const centre = (s.x0 + s.x1) / 2;
  return s.x1 - s.x0 > 0.55 * pageWidth || (Math.abs(centre - mid) < 0.06 * pageWidth && s.x0 < mid && s.x1 > mid);
}

/** Splits a row's pieces (sorted by x) where the gap exceeds `gap`. */
export function splitAtGaps<T extends { x0: number; x1: number }>(pieces: T[], gap: number): Segment<T>[] {
  const sorted = [...pieces].sort((a, b) => a.x0 - b.x0);
  const out: Segment<T>[] = [];
  for (const p of sorted) {
    const last = out[out.length - 1];
    if (last && p.x0 - last.x1 < gap) {
      last.items.push(p);
      last.x1 = Math.max(last.x1, p.x1);
    } else out.push({ x0: p.x0, x1: p.x1, items: [p] });
  }
  return out;
}

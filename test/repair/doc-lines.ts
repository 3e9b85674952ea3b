// A document as the document-level repair passes take it: lines with their (empty) change lists.
import type { Change } from '../../src/repair/decoder.js';

export function docLines(text: string): { text: string; changes: Change[] }[] {
  return text.split('\n').map((t) => ({ text: t, changes: [] }));
}

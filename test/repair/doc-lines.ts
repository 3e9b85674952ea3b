// A document as the document-level repair passes take it: lines with their (empty) change lists.
import type { Change } from '../../src/repair/decoder.js';

export function docLines(text: string): { text: string; changes: Change[] }[] {
  return text.split('\n').map((t) => ({ text: t, changes: [] }));
}

/** The line texts after a document-level pass has run over the document. */
export function textsAfter(text: string, pass: (lines: { text: string; changes: Change[] }[]) => void): string[] {
  const lines = docLines(text);
  pass(lines);
  return lines.map((l) => l.text);
}

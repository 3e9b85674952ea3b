// Repair stage: lines in, the same number of lines out.
// Minimal version (foundation): Unicode NFC only. The noisy-channel decoder replaces it.
import type { TextLineT } from '../record.js';

export interface RepairOptions {
  /** skip words whose OCR confidence is at least this (0-100) */
  trustConfidence?: number;
}

/** Repair plain text lines. Returns exactly lines.length lines. */
export async function repairLines(lines: string[], _options: RepairOptions = {}): Promise<string[]> {
  return lines.map((l) => l.normalize('NFC'));
}

/** The pipeline stage: TextLine[] -> TextLine[] (same count, provenance kept). */
export async function repair(lines: TextLineT[], options: RepairOptions = {}): Promise<TextLineT[]> {
  const fixed = await repairLines(
    lines.map((l) => l.text),
    options,
  );
  return lines.map((l, i) => ({ ...l, text: fixed[i] }));
}

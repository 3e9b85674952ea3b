// tesseract.js worker pool. (Filled in by the OCR ingestion work.)
import type { PageRecognizer } from './index.js';

export interface OcrPool {
  recognize: PageRecognizer;
  close(): Promise<void>;
}

export function createOcrPool(_options: { workers?: number } = {}): OcrPool | null {
  return null;
}

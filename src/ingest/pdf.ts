// PDF pages: text layer when usable, else rendered for OCR. (Filled in by the OCR ingestion work.)
import { unsupported } from '../errors.js';
import type { PageReader } from './index.js';

export const readPdf: PageReader = async () => {
  throw unsupported('unsupported_type', 'PDF input is not supported yet');
};

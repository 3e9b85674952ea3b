// Image pages (PNG, JPEG, TIFF, WebP) for OCR. (Filled in by the OCR ingestion work.)
import { unsupported } from '../errors.js';
import type { PageReader } from './index.js';

export const readImage: PageReader = async () => {
  throw unsupported('unsupported_type', 'image input is not supported yet');
};

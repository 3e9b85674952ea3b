// Where the Vietnamese model lives: inside the installed @tesseract.js-data/vie package, never the network.
import { existsSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** 4.0.0_best_int: LSTM only (1.4 MB); 4.0.0: legacy + LSTM (3.9 MB). Chosen by measurement (see README). */
export type ModelVariant = '4.0.0_best_int' | '4.0.0';
export const DEFAULT_VARIANT: ModelVariant = '4.0.0_best_int';

export interface ModelLocation {
  /** folder passed to tesseract.js as langPath */
  langPath: string;
  /** the gzipped traineddata inside it */
  file: string;
}

/** Resolves the model folder; null when the package or the file is missing (createWorker would hang on it). */
export function locateModel(variant: ModelVariant = DEFAULT_VARIANT, lang = 'vie'): ModelLocation | null {
  let pkgDir: string;
  try {
    pkgDir = dirname(createRequire(import.meta.url).resolve(`@tesseract.js-data/${lang}/package.json`));
  } catch {
    return null;
  }
  const langPath = join(pkgDir, variant);
  const file = join(langPath, `${lang}.traineddata.gz`);
  if (!existsSync(file) || statSync(file).size < 1024) return null;
  return { langPath, file };
}

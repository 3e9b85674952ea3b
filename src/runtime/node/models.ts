// Node: the bundled models read from models/ at the package root (three levels up from
// src/runtime/node or dist/runtime/node), for the entries to build the stages with.
import { existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import type { AgencyForms, Gazetteer, GazetteerEntry } from '../../extract/agencies.js';
import { createRepairer, type Repairer } from '../../repair/index.js';
import { modelFromContents, type RepairModel } from '../../repair/model.js';

export const MODELS_DIR = new URL('../../../models/', import.meta.url);

function dirUrl(dir: string | URL | undefined, sub: string): URL {
  if (!dir) return new URL(sub, MODELS_DIR);
  const base = dir instanceof URL ? dir : new URL(`file://${dir.replace(/\/?$/, '/')}`);
  return new URL(sub, base);
}

/** Reads the repair model (models/lm, models/channel); dir: another models/ folder. */
export function loadRepairModel(dir?: string | URL): RepairModel {
  const t0 = performance.now();
  const lmDir = dirUrl(dir, 'lm/');
  const bin = new URL('lm.bin.gz', lmDir);
  if (!existsSync(bin)) throw new Error(`repair model missing: ${bin.pathname} (run scripts/repair/train-lm.ts)`);
  const optional = (u: URL) => (existsSync(u) ? readFileSync(u, 'utf8') : undefined);
  const model = modelFromContents({
    lmBin: new Uint8Array(gunzipSync(readFileSync(bin))),
    vocab: readFileSync(new URL('vocab.txt', lmDir), 'utf8'),
    channels: { eng: optional(dirUrl(dir, 'channel/eng.tsv')), vie: optional(dirUrl(dir, 'channel/vie.tsv')) },
    abbrev: optional(new URL('abbrev.tsv', lmDir)),
    domains: optional(new URL('domains.tsv', lmDir)),
    cases: optional(new URL('case.tsv', lmDir)),
  });
  (model as { loadMs: number }).loadMs = performance.now() - t0;
  return model;
}

/** The repair stage over the bundled model, the model read on first use (text-free use never pays for it). */
export function lazyRepairer(dir?: string | URL): () => Repairer {
  let repairer: Repairer | undefined;
  return () => (repairer ??= createRepairer(loadRepairModel(dir)));
}

/** Reads the agency gazetteer (models/agencies/{agencies,forms}.json); dir: another agencies folder. */
export async function loadGazetteer(dir?: string): Promise<Gazetteer> {
  const base = dir ? dirUrl(dir, '') : new URL('agencies/', MODELS_DIR);
  const read = async (f: string) => JSON.parse(await readFile(new URL(f, base), 'utf8'));
  const agencies = await read('agencies.json');
  const forms = await read('forms.json');
  return { agencies: agencies.agencies as GazetteerEntry[], forms: forms as AgencyForms };
}

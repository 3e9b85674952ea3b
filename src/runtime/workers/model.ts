// The repair model in the Worker: read from the static-asset binding MODELS (models/ deployed as assets,
// private because the Worker runs first), gunzipped with DecompressionStream, built into a RepairModel.
// Assets keep the model out of the script bundle (3 MB free / 10 MB paid, compressed).
import { modelFromContents, type RepairModel } from '../../repair/model.js';

export interface AssetFetcher {
  fetch(input: string): Promise<Response>;
}

export interface ModelStatus {
  /** 'ngram': the LM and channel models are loaded; 'unavailable': text is stored without repair */
  model: 'ngram' | 'unavailable';
  /** why the model is unavailable */
  reason?: string;
  /** ms to fetch the model (the Workers clock moves only across I/O, so CPU time is not in it) */
  loadMs?: number;
  /** bytes fetched from assets */
  bytes?: number;
}

const ORIGIN = 'https://models.invalid/';

async function fetchAsset(assets: AssetFetcher, path: string, required: true): Promise<Response>;
async function fetchAsset(assets: AssetFetcher, path: string, required: false): Promise<Response | null>;
async function fetchAsset(assets: AssetFetcher, path: string, required: boolean): Promise<Response | null> {
  const res = await assets.fetch(ORIGIN + path);
  if (res.ok) return res;
  if (required) throw new Error(`model file ${path} not found in the MODELS assets (${res.status})`);
  return null;
}

async function gunzip(gz: Uint8Array): Promise<Uint8Array> {
  const stream = new Response(gz as Uint8Array<ArrayBuffer>).body!.pipeThrough(new DecompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** Loads the repair model from assets; never throws (the status says why there is no model). */
export async function loadRepairModel(assets: AssetFetcher | undefined): Promise<{ status: ModelStatus; model?: RepairModel }> {
  if (!assets) return { status: { model: 'unavailable', reason: 'no MODELS assets binding' } };
  const t0 = Date.now();
  try {
    const [bin, vocab, abbrev, domains, cases, eng, vie] = await Promise.all([
      fetchAsset(assets, 'lm/lm.bin.gz', true),
      fetchAsset(assets, 'lm/vocab.txt', true),
      fetchAsset(assets, 'lm/abbrev.tsv', false),
      fetchAsset(assets, 'lm/domains.tsv', false),
      fetchAsset(assets, 'lm/case.tsv', false),
      fetchAsset(assets, 'channel/eng.tsv', false),
      fetchAsset(assets, 'channel/vie.tsv', false),
    ]);
    const gz = new Uint8Array(await bin.arrayBuffer());
    const lmBin = await gunzip(gz);
    const text = (r: Response | null) => (r ? r.text() : Promise.resolve(undefined));
    const model = modelFromContents({
      lmBin,
      vocab: await vocab.text(),
      abbrev: await text(abbrev),
      domains: await text(domains),
      cases: await text(cases),
      channels: { eng: await text(eng), vie: await text(vie) },
    });
    return { status: { model: 'ngram', loadMs: Date.now() - t0, bytes: gz.length }, model };
  } catch (err) {
    return { status: { model: 'unavailable', reason: String((err as Error)?.message ?? err) } };
  }
}

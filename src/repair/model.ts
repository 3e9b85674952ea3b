// The repair model: LM, channel tables, syllable inventory with its candidate index, abbreviations.
// Loaded once, lazily, from models/ at the package root (two levels up from src/repair or dist/repair).
import { existsSync, readFileSync } from 'node:fs';
import { Channel } from './channel.js';
import { NgramLM } from './lm.js';
import { fold, isSyllable, normTone } from './text.js';
import { ABBREVIATIONS } from './abbreviations.data.js';
import { parseDomains } from './web.js';

export const MODELS_DIR = new URL('../../models/', import.meta.url);

export class RepairModel {
  readonly lm: NgramLM;
  readonly channels: Record<string, Channel>;
  /** folded skeleton -> LM ids of syllables with that skeleton */
  readonly bySkeleton = new Map<string, number[]>();
  /** one-deletion variants of skeletons -> skeletons */
  readonly byDeletion = new Map<string, string[]>();
  /** folded upper-case abbreviation -> proper form (QD -> QĐ) */
  readonly abbrev = new Map<string, string>();
  /** web hosts the corpus cites -> count (see web.ts) */
  readonly domains: Map<string, number>;
  /** syllables the corpus almost never capitalises inside a sentence (lm/case.tsv, see names.ts) */
  readonly lowerInSentence = new Set<string>();
  readonly loadMs: number;

  constructor(lm: NgramLM, channels: Record<string, Channel>, abbrevTsv: string, domainsTsv = '', caseTsv = '') {
    const t0 = performance.now();
    this.lm = lm;
    this.channels = channels;
    lm.vocab.forEach((w, id) => {
      if (!isSyllable(w)) return;
      const sk = fold(w);
      let a = this.bySkeleton.get(sk);
      if (!a) {
        this.bySkeleton.set(sk, (a = []));
        for (const d of deletions(sk)) {
          let b = this.byDeletion.get(d);
          if (!b) this.byDeletion.set(d, (b = []));
          if (!b.includes(sk)) b.push(sk);
        }
      }
      a.push(id);
    });
    for (const line of abbrevTsv.split('\n')) {
      if (!line || line.startsWith('#')) continue;
      const [key, form, n] = line.split('\t');
      // the corpus form is used only when it is clearly the usual spelling
      if (Number(n) >= 20) this.abbrev.set(key, form);
    }
    for (const [key, form] of Object.entries(ABBREVIATIONS)) this.abbrev.set(key, form);
    this.domains = parseDomains(domainsTsv);
    for (const line of caseTsv.split('\n')) if (line && !line.startsWith('#')) this.lowerInSentence.add(line.split('\t')[0]);
    this.loadMs = performance.now() - t0;
  }

  /** a lower-case word the syllable inventory and the LM both know */
  knows(word: string): boolean {
    return this.bySkeleton.has(fold(word)) && this.lm.ids.has(normTone(word));
  }

  static load(dir: URL = MODELS_DIR): RepairModel {
    const t0 = performance.now();
    const lmDir = new URL('lm/', dir);
    if (!existsSync(new URL('lm.bin.gz', lmDir))) {
      throw new Error(`repair model missing: ${new URL('lm.bin.gz', lmDir).pathname} (run scripts/repair/train-lm.ts)`);
    }
    const lm = NgramLM.load(lmDir);
    const channels: Record<string, Channel> = {};
    for (const name of ['eng', 'vie']) {
      const u = new URL(`channel/${name}.tsv`, dir);
      channels[name] = existsSync(u) ? Channel.load(u, name) : Channel.uniformChannel();
    }
    const text = (name: string) => {
      const u = new URL(name, lmDir);
      return existsSync(u) ? readFileSync(u, 'utf8') : '';
    };
    const m = new RepairModel(lm, channels, text('abbrev.tsv'), text('domains.tsv'), text('case.tsv'));
    (m as { loadMs: number }).loadMs = performance.now() - t0;
    return m;
  }
}

export function deletions(s: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < s.length; i++) {
    const d = s.slice(0, i) + s.slice(i + 1);
    if (!out.includes(d)) out.push(d);
  }
  return out;
}

let shared: RepairModel | null = null;
/** The process-wide model, loaded on first use. */
export function getModel(): RepairModel {
  if (!shared) shared = RepairModel.load();
  return shared;
}

/** The files of models/ as contents, for runtimes without a file system (the Worker reads them from assets). */
export interface ModelContents {
  /** lm/lm.bin.gz, already gunzipped */
  lmBin: Uint8Array;
  /** lm/vocab.txt */
  vocab: string;
  /** channel/<name>.tsv by name (eng, vie); a missing one is uniform, as in load() */
  channels?: Record<string, string | undefined>;
  /** lm/abbrev.tsv */
  abbrev?: string;
  /** lm/domains.tsv */
  domains?: string;
  /** lm/case.tsv */
  cases?: string;
}

/** Builds the model from file contents; the same result as RepairModel.load() on those files. */
export function modelFromContents(c: ModelContents): RepairModel {
  const lm = new NgramLM(Buffer.from(c.lmBin.buffer, c.lmBin.byteOffset, c.lmBin.byteLength), c.vocab);
  const channels: Record<string, Channel> = {};
  for (const name of ['eng', 'vie']) {
    const text = c.channels?.[name];
    channels[name] = text ? Channel.parse(name, text) : Channel.uniformChannel();
  }
  return new RepairModel(lm, channels, c.abbrev ?? '', c.domains ?? '', c.cases ?? '');
}

/** Sets the process-wide model that getModel() returns (where RepairModel.load() cannot read files). */
export function setModel(model: RepairModel): void {
  shared = model;
}

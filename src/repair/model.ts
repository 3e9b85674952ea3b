// The repair model: LM, channel tables, syllable inventory with its candidate index, abbreviations.
// Built from the contents of models/ by the runtime's entry (src/runtime/node/models.ts reads the files,
// src/runtime/workers/model.ts fetches them from assets) and passed to createRepairer().
import { Channel } from './channel.js';
import { NgramLM } from './lm.js';
import { fold, isSyllable, normTone } from './text.js';
import { ABBREVIATIONS } from './abbreviations.data.js';
import { parseDomains } from './web.js';

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
}

export function deletions(s: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < s.length; i++) {
    const d = s.slice(0, i) + s.slice(i + 1);
    if (!out.includes(d)) out.push(d);
  }
  return out;
}

/** The files of models/ as contents (Node reads them from files, the Worker from its assets). */
export interface ModelContents {
  /** lm/lm.bin.gz, already gunzipped */
  lmBin: Uint8Array;
  /** lm/vocab.txt */
  vocab: string;
  /** channel/<name>.tsv by name (eng, vie); a missing one is the uniform channel */
  channels?: Record<string, string | undefined>;
  /** lm/abbrev.tsv */
  abbrev?: string;
  /** lm/domains.tsv */
  domains?: string;
  /** lm/case.tsv */
  cases?: string;
}

/** Builds the model from the contents of models/. */
export function modelFromContents(c: ModelContents): RepairModel {
  const lm = new NgramLM(c.lmBin, c.vocab);
  const channels: Record<string, Channel> = {};
  for (const name of ['eng', 'vie']) {
    const text = c.channels?.[name];
    channels[name] = text ? Channel.parse(name, text) : Channel.uniformChannel();
  }
  return new RepairModel(lm, channels, c.abbrev ?? '', c.domains ?? '', c.cases ?? '');
}

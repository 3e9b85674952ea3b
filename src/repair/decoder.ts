// Noisy-channel decoder: per token, candidate syllables from the inventory near the observed token;
// Viterbi over the token stream (lines joined: a sentence runs on across line breaks) with
// trigram LM + channel scores; the best path is written back into each line, case restored.
// The parts live in ./decoder/: candidates, stream, viterbi (with lm-memo), adaptation, write-back.
import { Channel } from './channel.js';
import type { RepairModel } from './model.js';
import type { Token } from './text.js';
import { Adaptation } from './decoder/adaptation.js';
import { InfoPool, listInfo, withConfidence, withKeepCost } from './decoder/cand-info.js';
import { CandidateGenerator } from './decoder/candidates.js';
import { ADAPT_ROUNDS, ADAPT_SAMPLE, ADAPT_SAMPLE_MIN, BEAM, type DecodeOptions } from './decoder/options.js';
import { StreamBuilder } from './decoder/stream.js';
import type { Cand, CandInfo, DecodedLine, StreamTok } from './decoder/types.js';
import { Viterbi } from './decoder/viterbi.js';
import { writeBack } from './decoder/write-back.js';

export type { Change } from './change.js';
export type { DecodeOptions } from './decoder/options.js';
export type { DecodedLine } from './decoder/types.js';
export { digitReading } from './decoder/readings.js';
export { isCode } from './text.js';

export class Decoder {
  readonly model: RepairModel;
  private readonly generator: CandidateGenerator;
  private readonly streams: StreamBuilder;
  private readonly viterbi: Viterbi;
  private readonly adaptation: Adaptation;
  /** chunks of the per-document candidate views */
  private readonly infos = new InfoPool();

  constructor(model: RepairModel) {
    this.model = model;
    this.generator = new CandidateGenerator(model);
    this.streams = new StreamBuilder(model, this.generator);
    this.viterbi = new Viterbi(model.lm);
    this.adaptation = new Adaptation(model.lm, this.generator.substitutions, this.infos);
  }

  /** 'vie' when most words carry Vietnamese marks, else 'eng' (text read by an engine without a Vietnamese model). */
  chooseProfile(lines: string[]): string {
    let words = 0;
    let marked = 0;
    for (const l of lines) {
      for (const w of l.match(/\p{L}{2,}/gu) ?? []) {
        words++;
        if (/[àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ]/i.test(w)) marked++;
      }
      if (words > 3000) break;
    }
    return words > 0 && marked / words > 0.55 ? 'vie' : 'eng';
  }

  /** Candidate analyses of one token, best channel first. */
  candidates(tok: Token, ch: Channel, opt: DecodeOptions, conf?: number): Cand[] {
    return this.generator.candidates(tok, ch, opt, conf);
  }

  /** Codes keep their shape; their letter parts get proper abbreviation letters (QD-UBND -> QĐ-UBND). */
  fixCode(raw: string, ch: Channel): string {
    return this.generator.fixCode(raw, ch);
  }

  /** The abbreviation an upper-case token stands for, allowing one misread Đ ("HPND" -> "HĐND"). */
  abbrevFor(raw: string, ch: Channel): string | undefined {
    return this.generator.abbrevFor(raw, ch);
  }

  /** Decode a block of lines (one stream); returns one result per line. */
  decode(lines: string[], opt: DecodeOptions = {}, confidences?: (number[] | undefined)[]): DecodedLine[] {
    const profile = opt.profile && opt.profile !== 'auto' ? opt.profile : this.chooseProfile(lines);
    const channel = opt.uniformChannel ? uniformChannel() : (this.model.channels[profile] ?? this.model.channels.eng);
    const mu = opt.channelWeight ?? 1;
    const order = opt.lmOrder ?? this.model.lm.order;
    const beam = opt.beam ?? BEAM;
    const { toks, brk } = this.streams.build(lines, channel, opt, confidences);
    const maxLp = this.model.lm.maxLogp();
    const maxBi = this.model.lm.maxLogpBigram();
    const confident = (t: StreamTok, base: CandInfo): CandInfo => withConfidence(t, base, channel, this.infos, maxLp, maxBi);
    this.infos.reset();
    for (const t of toks) {
      const base = listInfo(t.cands, mu, maxLp, maxBi, t.entry);
      t.info = base;
      if (t.conf !== undefined && t.entry) t.info = confident(t, base);
      else if (opt.keepWritten && t.entry) t.info = withKeepCost(t, base, opt.keepWritten, this.infos, maxLp, maxBi, true);
    }
    this.viterbi.newDocument();
    // the second pass learns the document's own systematic confusions (a font whose hỏi reads as sắc on every
    // page): measured on OCR text too (bench/tone-confusions.ts), neutral on the real pages, +9% repair CPU;
    // clean typed text is kept as written instead
    const adapt = opt.adapt ?? !opt.keepWritten;
    const rounds = !adapt || channel.uniform ? 0 : (opt.adaptRounds ?? ADAPT_ROUNDS);
    // when a pass with adapted costs follows, the first one only counts the document's confusions: a
    // sample of the stream does (a scan misreads the same way throughout), the adapted pass reads it all
    const share = rounds > 0 ? (opt.adaptSample ?? ADAPT_SAMPLE) : 1;
    const firstLength = share < 1 ? Math.min(toks.length, Math.max(ADAPT_SAMPLE_MIN, Math.ceil(toks.length * share))) : toks.length;
    const sampled = firstLength < toks.length;
    let choice = this.viterbi.search(
      sampled ? toks.slice(0, firstLength) : toks,
      sampled ? brk.subarray(0, firstLength + 1) : brk,
      mu,
      order,
      true,
      beam,
    );
    if (sampled) this.viterbi.forgetNotes(firstLength, toks.length);
    for (let round = 0; round < rounds; round++) {
      // another pass with substitution costs adapted to this document's own confusions
      if (!this.adaptation.adapt(toks, choice, channel, opt, mu, maxLp, maxBi, confident)) break;
      choice = this.viterbi.search(toks, brk, mu, order, false, beam);
    }
    // adaptation stopped before its pass: the stream still needs its whole first pass
    if (choice.length < toks.length) choice = this.viterbi.search(toks, brk, mu, order, true, beam);
    return writeBack(lines, toks, choice);
  }
}

let uniform: Channel | null = null;
/** Plain edit distance (the uniformChannel ablation), made once. */
function uniformChannel(): Channel {
  if (!uniform) uniform = Channel.uniformChannel();
  return uniform;
}

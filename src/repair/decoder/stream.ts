// The token stream of a block of lines (a sentence runs on across line breaks), each token with its
// candidates: person names read confidently and list marks stay as printed, the rest comes from the
// candidate generator (memoised by token text when there is no OCR confidence).
import type { Channel } from '../channel.js';
import type { RepairModel } from '../model.js';
import { normTone, tokenize, type Token } from '../text.js';
import type { CandidateGenerator } from './candidates.js';
import type { DecodeOptions } from './options.js';
import type { Cand, Entry, StreamTok } from './types.js';

/** OCR confidence from which a name part after a surname is kept as printed (see personName) */
const NAME_CONF = 90;
/** the common Vietnamese surnames */
const SURNAMES = new Set(
  (
    'nguyễn trần lê phạm hoàng huỳnh phan vũ võ đặng bùi đỗ hồ ngô dương lý đinh trương lâm mai trịnh đoàn ' +
    'lương đào cao tạ hà lưu chu thái tô kiều quách vương triệu tăng lại châu mạc phùng từ thân khúc doãn ' +
    'tống nghiêm âu ninh hứa văn giang'
  ).split(' '),
);

type TokenMemo = Record<string, Map<string, { cands: Cand[]; entry?: Entry }>>;

export class StreamBuilder {
  /** list marks ("b)") by letter */
  private marks = new Map<string, Cand[]>();
  /** per channel setting, per token kind: token text -> its analysis */
  private tokMemo = new Map<string, TokenMemo>();

  constructor(
    private readonly model: RepairModel,
    private readonly generator: CandidateGenerator,
  ) {}

  /** The stream of a block of lines, and 1 where a sentence starts (a position after an empty line). */
  build(
    lines: string[],
    channel: Channel,
    opt: DecodeOptions,
    confidences?: (number[] | undefined)[],
  ): { toks: StreamTok[]; brk: Uint8Array } {
    const toks: StreamTok[] = [];
    const starts: number[] = [];
    const memoKey = `${channel.name}/${channel.uniform}/${opt.maxCandidates ?? ''}/${opt.keepWritten ? 'w' : ''}`;
    let tokMemo = this.tokMemo.get(memoKey);
    if (!tokMemo) this.tokMemo.set(memoKey, (tokMemo = { word: new Map(), num: new Map(), punct: new Map(), other: new Map() }));
    lines.forEach((line, li) => {
      const ts = tokenize(line);
      const conf = confidences?.[li];
      // without OCR confidences, in clean typed text and in text read with a Vietnamese model (its names are
      // mostly right: real pages as text 5 words fewer wrong), every name part counts as read confidently
      const named = conf ? this.personName(ts, conf) : opt.keepWritten || channel.name === 'vie' ? this.personName(ts, null) : null;
      if (ts.length === 0) starts.push(toks.length);
      for (let x = 0; x < ts.length; x++) {
        const t = ts[x];
        const c = t.kind === 'punct' ? undefined : conf?.[t.chunk];
        // a single letter before ")" is a list mark: "b)"
        const mark = t.kind === 'word' && t.text.length === 1 && ts[x + 1]?.text === ')';
        this.generator.lastEntry = undefined;
        let cands: Cand[];
        if (named?.[x] || numberLabel(ts, x)) cands = [{ out: t.text, id: this.model.lm.id(normTone(t.text.toLowerCase())), cost: 0, keep: true }];
        else if (mark) cands = this.listMark(t.text);
        else if (c === undefined) cands = this.memoised(tokMemo, t, channel, opt);
        else cands = this.generator.candidates(t, channel, opt, c);
        toks.push({ line: li, tok: t, cands, entry: this.generator.lastEntry, conf: c, info: undefined });
      }
    });
    const brk = new Uint8Array(toks.length + 1);
    for (const x of starts) brk[x] = 1;
    return { toks, brk };
  }

  private listMark(text: string): Cand[] {
    let cands = this.marks.get(text);
    if (!cands) this.marks.set(text, (cands = [{ out: text, id: this.model.lm.id(text.toLowerCase()), cost: 0, keep: true }]));
    return cands;
  }

  /** Documents repeat words: the analysis of a token text is looked up once (the generator's lastEntry set as by a lookup). */
  private memoised(tokMemo: TokenMemo, t: Token, channel: Channel, opt: DecodeOptions): Cand[] {
    const byText = tokMemo[t.kind];
    let hit = byText.get(t.text);
    if (!hit) {
      hit = { cands: this.generator.candidates(t, channel, opt), entry: this.generator.lastEntry };
      if (byText.size > 100000) byText.clear();
      byText.set(t.text, hit);
    }
    this.generator.lastEntry = hit.entry;
    return hit.cands;
  }

  /**
   * Tokens of a person's name read confidently: a known surname and the capitalised syllables after it
   * ("Nguyễn Phong An"). The LM knows common words, not given names, and would make "Phong An" a
   * "phương án" (a plan); a name part the engine was sure of stays as printed. conf null: clean typed
   * text, every word as sure as a confident one.
   */
  private personName(ts: Token[], conf: number[] | null): boolean[] | null {
    let out: boolean[] | null = null;
    const sure = (x: number) =>
      ts[x]?.kind === 'word' && (conf === null || (conf[ts[x].chunk] ?? 0) >= NAME_CONF) && ts[x].chunk !== ts[x - 1]?.chunk;
    const capital = (w: string) => /^\p{Lu}\p{Ll}*$/u.test(w) && this.model.knows(w.toLowerCase());
    for (let x = 0; x + 1 < ts.length; x++) {
      // Title case only: a line in capitals is a heading ("CHỦ TỊCH" must not pass for a surname Chu)
      if (!sure(x) || !SURNAMES.has(ts[x].text.toLowerCase()) || !/^\p{Lu}\p{Ll}+$/u.test(ts[x].text)) continue;
      let y = x + 1;
      while (y < ts.length && y - x <= 3 && sure(y) && capital(ts[y].text) && ts[y].chunk === ts[y - 1].chunk + 1) y++;
      if (y - x < 2) continue;
      out ??= new Array<boolean>(ts.length).fill(false);
      for (let k = x; k < y; k++) out[k] = true;
      x = y - 1;
    }
    return out;
  }
}

/**
 * "Số:" of a document number as printed ("Số: 46/TB-UBND", "Số:    /TTr-UBND" with the number left
 * blank): a label at the start of a line, with a colon and then a number, a code or a slash. The stream
 * runs on across line breaks, and after the header "TỈNH QUẢNG NGÃI" the LM wants "tỉnh Quảng Ngãi Sở".
 */
function numberLabel(ts: Token[], x: number): boolean {
  const t = ts[x];
  if (t.kind !== 'word' || t.text.normalize('NFC').toLowerCase() !== 'số' || ts[x + 1]?.text !== ':') return false;
  if (x > 0 && !(x === 1 && ts[0].kind === 'punct')) return false;
  const next = ts[x + 2];
  return !next || next.kind === 'num' || next.kind === 'other' || next.text === '/' || /^\d/.test(next.text);
}

// Extract stage: repaired lines -> NoticeRecord. The order of the extractors is visible here:
// structure -> metadata -> references -> statistics -> directives (with agencies and deadlines).
import { type AgencyT, type DigitalSignatureT, NoticeRecord, type NoticeRecordT, type ReferenceT, type StatisticT, type TextLineT } from '../record.js';
import { AgencyMatcher, type Gazetteer, agencyId } from './agencies.js';
import { readHeaderColumns } from './columns.js';
import { timeSpans } from './deadlines.js';
import { extractDirectives } from './directives.js';
import { extractMetadata } from './metadata.js';
import { dedupeReferences, findReferences } from './references.js';
import { findStatistics } from './statistics.js';
import { parseStructure } from './structure.js';
import { type Flow, makeFlow } from './text.js';

export interface ExtractOptions {
  id: string;
  doc: string;
  /** ISO date used for missing years when the document names no date of its own */
  today?: string;
  /** the agency gazetteer (models/agencies), loaded by the runtime's entry */
  gazetteer: Gazetteer;
  /** the OCR lines before repair (same count and order as `lines`): markers and digits are read there when the repaired text is doubtful */
  rawLines?: TextLineT[];
}

const matchers = new WeakMap<Gazetteer, AgencyMatcher>();
function matcherFor(g: Gazetteer): AgencyMatcher {
  let m = matchers.get(g);
  if (!m) matchers.set(g, (m = new AgencyMatcher(g)));
  return m;
}

export async function extract(input: TextLineT[], options: ExtractOptions): Promise<NoticeRecordT> {
  const gaz = options.gazetteer;
  const matcher = matcherFor(gaz);
  // the first page's two-column header read by position where the lines carry word boxes (OCR): a line
  // holding a left and a right piece is cut at its column gap, the left column read before the right
  const { lines, rawLines } = readHeaderColumns(input, options.rawLines);
  const structure = parseStructure(lines, rawLines);
  const meta = extractMetadata(structure, matcher);
  const refDate = meta.date ?? meta.issued_date ?? options.today ?? null;
  const dctx = { refDate };

  const headerLines = lines.filter((l) => l.line < structure.headerEnd);
  const flows: Array<{ flow: Flow; stats: boolean }> = [
    { flow: makeFlow(headerLines), stats: false },
    ...structure.units.map((u) => ({ flow: u.flow, stats: true })),
    ...structure.footnoteLines.map((fl) => ({ flow: makeFlow(fl), stats: true })),
  ];
  const references: ReferenceT[] = [];
  const statistics: StatisticT[] = [];
  const docText = lines.map((l) => l.text).join('\n');
  for (const { flow, stats } of flows) {
    const refs = findReferences(flow, { ...dctx, matcher, docText });
    for (const { start: _s, end: _e, ...r } of refs) references.push(r);
    if (stats) statistics.push(...findStatistics(flow, [...refs, ...timeSpans(flow.text, dctx)]));
  }
  references.sort((a, b) => a.line - b.line);
  statistics.sort((a, b) => a.line - b.line);

  const directives = extractDirectives(structure.units, {
    ...dctx,
    matcher,
    docType: meta.doc_type,
    addressees: meta.addressees,
    recipientsTo: meta.recipients_to,
  });

  // the agencies list: every assignee, addressee and recipient that resolves to a body
  const seen = new Map<string, AgencyT>();
  const note = (name: string, surface?: string) => {
    const id = agencyId(name);
    if (!id) return id;
    let a = seen.get(id);
    if (!a) seen.set(id, (a = { id, name, aliases: [] }));
    if (surface && surface !== name && !a.aliases.includes(surface)) a.aliases.push(surface);
    return id;
  };
  directives.forEach((d, i) => {
    d.id = `${options.id}-d${i + 1}`;
    for (const a of d.assignees) a.agency_id = note(a.agency);
  });
  for (const r of [...meta.addressees, ...meta.recipients]) {
    const ms = matcher.find(r);
    if (ms.length === 1 && ms[0].end - ms[0].start >= r.length - 2) note(ms[0].name, r);
  }
  if (meta.issuer) note(meta.issuer);

  return NoticeRecord.parse({
    id: options.id,
    doc: options.doc,
    doc_type: meta.doc_type,
    title: meta.title,
    issuer: meta.issuer,
    date: meta.date,
    number: meta.number,
    number_handwritten: meta.number_handwritten,
    place: meta.place,
    issued_date: meta.issued_date,
    issued_day_handwritten: meta.issued_day_handwritten,
    issued_date_source: meta.issued_date ? 'printed' : null,
    subject: meta.subject,
    signer: meta.signer,
    recipients: meta.recipients,
    ...(meta.recipients_to.length ? { recipients_to: meta.recipients_to } : {}),
    sections: structure.sections,
    footnotes: structure.footnotes,
    agencies: [...seen.values()],
    references: dedupeReferences(references),
    directives,
    statistics,
  });
}

/** Plain text -> lines: split on newlines, pages on form feeds; line numbers run through. */
export function textLines(text: string): TextLineT[] {
  const lines: TextLineT[] = [];
  let n = 0;
  text.split('\f').forEach((pageText, p) => {
    for (const t of pageText.split(/\r?\n/)) lines.push({ page: p + 1, line: ++n, text: t });
  });
  return lines;
}

/** Plain text -> record; `rawText` is the OCR text before repair, line for line. */
export async function extractText(text: string, options: ExtractOptions & { rawText?: string }): Promise<NoticeRecordT> {
  const { rawText, ...opts } = options;
  return extract(textLines(text), rawText === undefined ? opts : { ...opts, rawLines: textLines(rawText) });
}

/**
 * A signed PDF's signatures on its record: the first (the issuer's, as signing runs) is `signature`;
 * its day stands in for the issue date where the printed day is missing (written by hand into the
 * blank, or not read), and the record says so.
 */
export function withSignatures(record: NoticeRecordT, signatures: DigitalSignatureT[] | undefined): NoticeRecordT {
  if (!signatures?.length) return record;
  const first = signatures[0];
  const day = first.signed_at?.slice(0, 10) ?? null;
  const fallback = !record.issued_date && day && /^\d{4}-\d{2}-\d{2}$/.test(day);
  return {
    ...record,
    signature: first,
    signatures,
    ...(fallback ? { issued_date: day, issued_date_source: 'signature' as const } : {}),
  };
}

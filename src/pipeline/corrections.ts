// Corrections of a stored record by a reviewer, runtime-agnostic: a patch applied to the record with the
// old -> new of each field it changes, hand corrections re-applied after re-extraction, the differences
// re-extraction made, and the words of an OCR line worth a reviewer's look.
import type { Gazetteer } from '../extract/agencies.js';
import { extract, withSignatures } from '../extract/index.js';
import { slug } from '../text/fold.js';
import type { AssigneeT, DeadlineT, DirectiveT, NoticeRecordT, TextLineT } from '../record.js';
import type { StandingCorrection, StoredChange, StoredLine } from '../store/types.js';
import type { LineDetail } from '../store/shapes.js';

export const DOCUMENT_FIELDS = ['issuer', 'number', 'date', 'title', 'doc_type'] as const;
export type DocumentField = (typeof DOCUMENT_FIELDS)[number];

export interface DirectivePatch {
  id: string;
  text?: string;
  /** the lead agency's name; null: no lead */
  lead?: string | null;
  cooperating?: string[];
  deadline?: { date: string; kind?: Exclude<DeadlineT['kind'], 'recurring'> } | null;
}

export type DocumentPatch = Partial<Record<DocumentField, string | null>> & { directives?: DirectivePatch[] };

type DirectiveField = 'text' | 'lead' | 'cooperating' | 'deadline';

const leadOf = (d: DirectiveT) => d.assignees.find((a) => a.role === 'lead')?.agency ?? null;
const cooperatingOf = (d: DirectiveT) => d.assignees.filter((a) => a.role === 'cooperate').map((a) => a.agency);
const deadlineOf = (d: DirectiveT) => (d.deadline ? { date: d.deadline.date, kind: d.deadline.kind } : null);
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

function fieldValue(d: DirectiveT, field: DirectiveField): unknown {
  if (field === 'text') return d.text;
  if (field === 'lead') return leadOf(d);
  if (field === 'cooperating') return cooperatingOf(d);
  return deadlineOf(d);
}

/** The record's agencies list gains any agency named by hand (id: the name's slug, as the store makes it). */
function noteAgency(rec: NoticeRecordT, name: string): string {
  const id = slug(name);
  if (!rec.agencies.some((a) => a.id === id)) rec.agencies.push({ id, name, aliases: [] });
  return id;
}

/** Sets one directive field in place (assignee confidences follow the assignees: a hand-set one is certain). */
function setField(rec: NoticeRecordT, d: DirectiveT, field: DirectiveField, value: unknown): void {
  if (field === 'text') {
    d.text = value as string;
    return;
  }
  if (field === 'deadline') {
    const v = value as DirectivePatch['deadline'];
    // a corrected date keeps the kind that was read unless one is given; the phrase was not written, so it is empty
    d.deadline = v ? { date: v.date, kind: v.kind ?? (d.deadline && d.deadline.kind !== 'recurring' ? d.deadline.kind : 'no_later_than'), text: '' } : null;
    return;
  }
  const before = d.assignees;
  const lead = field === 'lead' ? (value as string | null) : leadOf(d);
  const coop = field === 'cooperating' ? (value as string[]) : cooperatingOf(d);
  const next: AssigneeT[] = [];
  const add = (agency: string, role: AssigneeT['role']) => {
    if (!next.some((a) => a.agency === agency && a.role === role)) next.push({ agency, agency_id: noteAgency(rec, agency), role });
  };
  if (lead) add(lead, 'lead');
  for (const c of coop) add(c, 'cooperate');
  if (d.assignee_confidence) {
    const conf = new Map(before.map((a, i) => [`${a.role}\u0000${a.agency}`, d.assignee_confidence![i]]));
    d.assignee_confidence = next.map((a) => conf.get(`${a.role}\u0000${a.agency}`) ?? { agency: a.agency, found_by: 'correction', confidence: 1 });
  }
  d.assignees = next;
}

/**
 * The patch applied to a copy of the record, with the old -> new of each field it really changes.
 * Throws a message (the caller answers 404) when a directive id is not one of this document's.
 */
export function applyPatch(record: NoticeRecordT, patch: DocumentPatch): { record: NoticeRecordT; changes: StoredChange[] } {
  const rec: NoticeRecordT = structuredClone(record);
  const changes: StoredChange[] = [];
  for (const f of DOCUMENT_FIELDS) {
    if (!(f in patch)) continue;
    const v = patch[f] ?? null;
    if (same(rec[f], v)) continue;
    changes.push({ kind: 'correction', target: 'document', field: f, old: rec[f] ?? null, new: v });
    rec[f] = v;
  }
  for (const p of patch.directives ?? []) {
    const d = rec.directives.find((x) => x.id === p.id)!;
    for (const field of ['text', 'lead', 'cooperating', 'deadline'] as const) {
      if (!(field in p)) continue;
      const old = fieldValue(d, field);
      setField(rec, d, field, p[field] ?? null);
      const now = fieldValue(d, field);
      if (!same(old, now)) changes.push({ kind: 'correction', target: p.id, line: d.line, field, old, new: now });
    }
  }
  return { record: rec, changes };
}

/**
 * Hand corrections re-applied to a re-extracted record: document fields always, directive fields where a
 * directive still starts on the line the corrected one started on. The others are dropped (returned).
 */
export function reapply(record: NoticeRecordT, corrections: StandingCorrection[]): { record: NoticeRecordT; dropped: StandingCorrection[] } {
  const rec: NoticeRecordT = structuredClone(record);
  const dropped: StandingCorrection[] = [];
  for (const c of corrections) {
    if (c.target === 'document') {
      if ((DOCUMENT_FIELDS as readonly string[]).includes(c.field)) rec[c.field as DocumentField] = (c.value as string | null) ?? null;
      continue;
    }
    const d = rec.directives.find((x) => x.line === c.line);
    if (!d || !['text', 'lead', 'cooperating', 'deadline'].includes(c.field)) {
      dropped.push(c);
      continue;
    }
    setField(rec, d, c.field as DirectiveField, c.value);
  }
  return { record: rec, dropped };
}

/** What changed between two records of one document, field by field (directives by seq). */
export function diffRecords(id: string, before: NoticeRecordT, after: NoticeRecordT): StoredChange[] {
  const out: StoredChange[] = [];
  for (const f of DOCUMENT_FIELDS) {
    if (!same(before[f] ?? null, after[f] ?? null)) out.push({ kind: 'extraction', target: 'document', field: f, old: before[f] ?? null, new: after[f] ?? null });
  }
  const n = Math.max(before.directives.length, after.directives.length);
  for (let i = 0; i < n; i++) {
    const target = `${id}-${i + 1}`;
    const a = before.directives[i];
    const b = after.directives[i];
    if (!a || !b) {
      const brief = (d?: DirectiveT) => (d ? { line: d.line, text: d.text } : null);
      out.push({ kind: 'extraction', target, field: 'directive', old: brief(a), new: brief(b) });
      continue;
    }
    for (const field of ['line', 'text', 'lead', 'cooperating', 'deadline'] as const) {
      const old = field === 'line' ? a.line : fieldValue(a, field);
      const now = field === 'line' ? b.line : fieldValue(b, field);
      if (!same(old, now)) out.push({ kind: 'extraction', target, field, old, new: now });
    }
  }
  return out;
}

/**
 * Tesseract's word confidence below this marks a word to check. Correctly read words on the sample scans sit
 * well above 80; the OCR stage itself (src/ocr/lines.ts) already treats words under 60 as doubtful specks.
 */
export const LOW_CONFIDENCE = 60;

/** A stored line for review: its box, and the OCR words that were unsure or that repair changed. */
export function lineDetail(l: StoredLine): LineDetail {
  const raw = l.words ?? [];
  const fixed = l.text.split(/\s+/).filter(Boolean);
  const pair = align(raw.map((w) => w.text), fixed);
  const words = raw.flatMap((w, i) => {
    const to = pair[i];
    const repaired = to === undefined ? null : fixed[to];
    const changed = repaired !== w.text;
    const low = w.confidence < LOW_CONFIDENCE;
    if (!changed && !low) return [];
    return [{ text: w.text, repaired: changed ? repaired : null, confidence: w.confidence, bbox: w.bbox ?? null, low_confidence: low, changed }];
  });
  return { page: l.page, line: l.line, text: l.text, raw_text: l.raw_text, confidence: l.confidence, bbox: l.bbox, words };
}

/**
 * For each raw word, the index of the repaired word it became: by position when the counts match (repair
 * changes words, not their number, as a rule), else along the longest run of equal words.
 */
function align(a: string[], b: string[]): (number | undefined)[] {
  if (a.length === b.length) return a.map((_, i) => i);
  const dp = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) dp[i][j] = a[i] === b[j] ? dp[i + 1][j + 1] + 1 : Math.max(dp[i + 1][j], dp[i][j + 1]);
  }
  const out: (number | undefined)[] = new Array(a.length);
  for (let i = 0, j = 0; i < a.length && j < b.length; ) {
    if (a[i] === b[j]) out[i++] = j++;
    else if (dp[i + 1][j] >= dp[i][j + 1]) i++;
    else j++;
  }
  return out;
}

/** Extraction again over a stored document's lines (after a line edit); the runtimes build it with their gazetteer. */
export type Reextract = (
  lines: TextLineT[],
  ctx: { id: string; doc: string; rawLines: TextLineT[]; previous: NoticeRecordT },
) => Promise<NoticeRecordT>;

export function reextractWith(gazetteer: Gazetteer): Reextract {
  // the signature fields come from the PDF, not from the lines: kept as stored
  return async (lines, ctx) =>
    withSignatures(await extract(lines, { id: ctx.id, doc: ctx.doc, rawLines: ctx.rawLines, gazetteer }), ctx.previous.signatures);
}

// The record types: one source of truth for the JSON output, the store rows and the OpenAPI schemas.
// Field names follow the gold record format (directives, assignees, deadline, statistics, references).
// Plain zod: the HTTP layer names these schemas for its OpenAPI document (src/api/schemas.ts).
import { z } from 'zod';

export const Page = z.number().int().min(1).describe('1-based page of the source document');
export const Line = z.number().int().min(1).describe('1-based line (within the whole document text)');

export const AssigneeRole = z.enum(['lead', 'cooperate']);
export const Assignee = z.object({
  agency: z.string().min(1).describe('canonical agency name, e.g. "Sở Khoa học và Công nghệ"'),
  agency_id: z.string().optional().describe('id of the agency in the record\'s agencies list'),
  role: AssigneeRole,
});

export const DeadlineKind = z.enum(['before', 'by_end_of', 'no_later_than', 'on', 'recurring']);
export const Deadline = z.object({
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).nullable().describe('ISO date; null for recurring'),
  kind: DeadlineKind,
  text: z.string().describe('the deadline phrase as written'),
  rule: z.string().optional().describe('recurrence (RFC 5545 RRULE) when kind is recurring'),
});

export const Directive = z.object({
  id: z.string().optional(),
  page: Page.default(1),
  line: Line,
  section: z.string().nullable().describe('numbering path as printed, e.g. "II.1.a"'),
  text: z.string(),
  assignees: z.array(Assignee),
  deadline: Deadline.nullable(),
  confidence: z.number().min(0).max(1).optional().describe('how sure the extraction is that this is a task (rule-based, 0-1): a reviewer checks the lowest first'),
  found_by: z.string().optional().describe('how the task was found: "list item", "paragraph", "request", "proposal"'),
  assignee_confidence: z
    .array(z.object({ agency: z.string(), found_by: z.string(), confidence: z.number().min(0).max(1) }))
    .optional()
    .describe('for each assignee, in order: how it was found ("heading", "lead cue", "sentence subject", "assigning verb", "intro", "addressee", "addressee fallback", "cooperation cue") and a confidence 0-1'),
});

export const Statistic = z.object({
  page: Page.default(1),
  line: Line,
  text: z.string(),
  value: z.number(),
  of: z.number().optional(),
  unit: z.string(),
  subject: z.string(),
});

export const Reference = z.object({
  page: Page.default(1),
  line: Line,
  kind: z.string().describe('Nghị quyết, Quyết định, Công văn, ...'),
  number: z.string().nullable(),
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).nullable(),
  issuer: z.string().nullable(),
});

export const Agency = z.object({
  id: z.string(),
  name: z.string(),
  aliases: z.array(z.string()).default([]),
});

export const Section = z.object({
  page: Page.default(1),
  line: Line,
  path: z.string(),
  heading: z.string(),
});

export const Footnote = z.object({ page: Page.default(1), line: Line, mark: z.string(), text: z.string() });

export const Signer = z.object({ name: z.string().nullable(), title: z.string().nullable(), line: Line.nullable() });

export const DigitalSignature = z.object({
  signed_by: z.string().nullable().describe('the signer as the certificate names it, e.g. "Ủy ban nhân dân tỉnh Quảng Ngãi"'),
  organisation: z.string().nullable().describe('the signer\'s organisation (certificate subject O)'),
  signed_at: z.string().nullable().describe('time of signing, ISO 8601 with its offset'),
});

export const NoticeRecord = z.object({
  id: z.string().describe('document id: first 16 hex digits of the SHA-256 of the original bytes'),
  doc: z.string().describe('file name as uploaded'),
  doc_type: z.string().nullable(),
  title: z.string().nullable(),
  issuer: z.string().nullable(),
  date: z.string().nullable().describe('meeting/inspection/issue date named in the body (ISO)'),
  number: z.string().nullable().default(null).describe('document number/symbol, e.g. "02/TB-ĐKT"'),
  number_handwritten: z
    .boolean()
    .default(false)
    .describe('the number was written by hand into the printed blank of a scan; when it does not read as a clean number, `number` holds the printed part only ("/TB-UBND")'),
  place: z.string().nullable().default(null),
  issued_date: z.string().nullable().default(null).describe('date in the "place, ngày ..." line (ISO)'),
  issued_day_handwritten: z
    .boolean()
    .default(false)
    .describe('the day of the date line was written by hand (not read with confidence): issued_date then comes from the e-signature, or is null'),
  issued_date_source: z
    .enum(['printed', 'signature'])
    .nullable()
    .default(null)
    .describe('where issued_date comes from: the printed date line, or the e-signature time when the day is not printed'),
  subject: z.string().nullable().default(null).describe('"V/v ..." subject line'),
  signature: DigitalSignature.nullable().default(null).describe('the first digital signature of a signed PDF (usually the issuer\'s)'),
  signatures: z.array(DigitalSignature).default([]).describe('every digital signature of the PDF, in file order'),
  signer: Signer.nullable().default(null),
  recipients: z.array(z.string()).default([]),
  recipients_to: z.array(z.string()).optional().describe('the "Kính gửi:" addressees of a letter, one per entry, as printed'),
  sections: z.array(Section).default([]),
  footnotes: z.array(Footnote).default([]),
  agencies: z.array(Agency).default([]),
  references: z.array(Reference),
  directives: z.array(Directive),
  statistics: z.array(Statistic),
});

export type AssigneeT = z.infer<typeof Assignee>;
export type DeadlineT = z.infer<typeof Deadline>;
export type DirectiveT = z.infer<typeof Directive>;
export type StatisticT = z.infer<typeof Statistic>;
export type ReferenceT = z.infer<typeof Reference>;
export type AgencyT = z.infer<typeof Agency>;
export type SectionT = z.infer<typeof Section>;
export type FootnoteT = z.infer<typeof Footnote>;
export type NoticeRecordT = z.infer<typeof NoticeRecord>;
export type DigitalSignatureT = z.infer<typeof DigitalSignature>;

/** One text line of a page, as OCR or a text layer produced it. */
export const TextLine = z.object({
  page: Page,
  line: Line,
  text: z.string(),
  confidence: z.number().min(0).max(100).optional().describe('mean word confidence, 0-100'),
  words: z
    .array(
      z.object({
        text: z.string(),
        confidence: z.number(),
        bbox: z.tuple([z.number(), z.number(), z.number(), z.number()]).optional(),
      }),
    )
    .optional(),
});
export type TextLineT = z.infer<typeof TextLine>;

export const DocumentSummary = z.object({
  id: z.string(),
  doc: z.string(),
  media_type: z.string(),
  doc_type: z.string().nullable(),
  title: z.string().nullable(),
  date: z.string().nullable(),
  number: z.string().nullable().optional().describe('document number/symbol'),
  issuer: z.string().nullable().optional(),
  pages: z.number().int(),
  lines: z.number().int(),
  directives: z.number().int(),
  created_at: z.string(),
  signed_by: z.string().nullable().describe('the first digital signature\'s signer (signed PDFs)'),
  signed_at: z.string().nullable().describe('its time of signing, ISO 8601'),
});
export type DocumentSummaryT = z.infer<typeof DocumentSummary>;

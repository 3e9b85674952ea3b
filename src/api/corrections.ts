// Corrections and review: fields and directives corrected by hand (PATCH /v1/documents/{id}), line edits
// that re-extract the record (PATCH /v1/documents/{id}/lines), the lines with their OCR geometry and the
// page images a reviewer reads them against.
import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { badRequest, notFound, VanbanError } from '../errors.js';
import { applyPatch, diffRecords, type DocumentPatch, lineDetail, reapply, type Reextract } from '../pipeline/corrections.js';
import type { NoticeRecordT, TextLineT } from '../record.js';
import { LineDetail, PageGeometry } from '../store/shapes.js';
import type { StoredChange, Store } from '../store/types.js';
import { documentId, errorBody } from './errors.js';
import { createRouter } from './router.js';
import { errorResponse as err, NoticeRecord } from './schemas.js';

/** A page of a scan as a JPEG `width` pixels wide; cached: whether it came from the renderer's cache. */
export type PageImageRenderer = (req: {
  id: string;
  mediaType: string;
  page: number;
  width: number;
  /** the uploaded file, read only when the image is not cached */
  original: () => Promise<Uint8Array>;
}) => Promise<{ jpeg: Uint8Array; cached: boolean }>;

export interface CorrectionDeps {
  store: Store;
  reextract?: Reextract;
  pageImage?: PageImageRenderer;
  clientAddress?: (c: Context) => string | null;
  version?: string;
}

const MAX_BODY = 256 * 1024;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const realDate = (s: string) => {
  const d = new Date(`${s}T00:00:00Z`);
  return ISO_DATE.test(s) && !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
};

const name = (what: string, max = 300) =>
  z.string({ error: `${what} must be a string` }).trim()
    .min(1, { message: `${what} is empty: give a name, or null to clear it` })
    .max(max, { message: `${what} is too long (at most ${max} characters)` });
const date = z.string({ error: 'date must be a string YYYY-MM-DD' }).refine(realDate, { message: 'must be a real date in the format YYYY-MM-DD, e.g. 2025-10-31' });

const DirectivePatchBody = z
  .object({
    id: z.string({ error: 'directives[].id is required: the directive id as GET /v1/directives gives it' }).regex(/^[0-9a-f]{16}-\d{1,6}$/, {
      message: 'directives[].id must be <document id>-<n>, e.g. 0123456789abcdef-3',
    }),
    text: name('text', 5000).optional(),
    lead: name('lead').nullable().optional().describe('the lead agency (replaces the lead assignee); null: none'),
    cooperating: z.array(name('cooperating[]')).max(50).optional().describe('the cooperating agencies (replace them all)'),
    deadline: z
      .object({ date, kind: z.enum(['before', 'by_end_of', 'no_later_than', 'on']).optional() })
      .strict()
      .nullable()
      .optional()
      .describe('the deadline date (kind kept from the reading unless given); null: no deadline'),
  })
  .strict();

export const DocumentPatchBody = z
  .object({
    issuer: name('issuer', 500).nullable().optional(),
    number: name('number', 200).nullable().optional(),
    date: date.nullable().optional().describe('YYYY-MM-DD or null'),
    title: name('title', 2000).nullable().optional(),
    doc_type: name('doc_type', 200).nullable().optional(),
    directives: z.array(DirectivePatchBody).max(500).optional(),
  })
  .strict()
  .openapi('DocumentPatch');

export const LinesPatchBody = z
  .object({
    lines: z
      .array(
        z.object({
          line: z.number({ error: 'lines[].line must be a number' }).int().min(1),
          text: z.string({ error: 'lines[].text must be a string' }).max(2000, { message: 'lines[].text is too long (at most 2000 characters)' }),
        }).strict(),
      )
      .min(1, { message: 'lines is empty: give at least one {line, text}' })
      .max(1000),
  })
  .strict()
  .openapi('LinesPatch');

const IdParam = z.object({ id: z.string().openapi({ param: { name: 'id', in: 'path' }, example: '0123456789abcdef' }) });
const limit = (c: Context) => {
  // the rest of the body is not read: the client must not reuse the connection
  c.header('Connection', 'close');
  return c.json(errorBody('too_large', `the request body exceeds ${MAX_BODY} bytes`), 413);
};
const writeErrors = {
  400: err('bad input: unknown field, wrong type, bad date, empty name, malformed JSON, a directive of another document'),
  401: err('no API key, or a wrong or revoked one'),
  403: err('the key is not an editor key'),
  404: err('no such document, or no such directive in it'),
  413: err(`body over ${MAX_BODY} bytes`),
};

const routes = {
  patch: createRoute({
    method: 'patch',
    path: '/v1/documents/{id}',
    tags: ['documents'],
    summary: 'Correct the metadata and directives of a notice (editor)',
    description:
      'Fields given replace the stored ones; fields left out stay. Directives are addressed by their id (as GET /v1/directives ' +
      'gives it): `lead` replaces the lead assignee, `cooperating` every cooperating one, `deadline` sets the date. The record, ' +
      'the directive rows, agency counts and search rows are written in one transaction, so search, the agency filter and the ' +
      'exports see the corrected values. Each changed field is kept in the history (GET /v1/documents/{id}/history) with its ' +
      'old and new value and the key that changed it.',
    middleware: [bodyLimit({ maxSize: MAX_BODY, onError: limit })] as const,
    request: { params: IdParam, body: { required: true, content: { 'application/json': { schema: DocumentPatchBody } } } },
    responses: { 200: { description: 'the corrected record', content: { 'application/json': { schema: NoticeRecord } } }, ...writeErrors },
  }),
  patchLines: createRoute({
    method: 'patch',
    path: '/v1/documents/{id}/lines',
    tags: ['documents'],
    summary: 'Edit the text of lines and read the notice again (editor)',
    description:
      "Sets the repaired text of the given lines (the raw OCR text is kept) and their search rows, then extracts the record " +
      'again from all lines; its directives replace the stored ones seq by seq (a directive that now starts on another line ' +
      'starts again as open). Earlier hand corrections are re-applied: document fields always, directive fields where a ' +
      'directive still starts on the line the corrected one did; the others are dropped, and the history entry of this edit ' +
      "lists every field re-extraction changed (kind \"extraction\"), so a dropped correction shows there as its old value.",
    middleware: [bodyLimit({ maxSize: MAX_BODY, onError: limit })] as const,
    request: { params: IdParam, body: { required: true, content: { 'application/json': { schema: LinesPatchBody } } } },
    responses: { 200: { description: 'the record read again', content: { 'application/json': { schema: NoticeRecord } } }, ...writeErrors },
  }),
  lines: createRoute({
    method: 'get',
    path: '/v1/documents/{id}/lines',
    tags: ['documents'],
    summary: 'The lines of a notice with their raw text, confidence and, for scans, where they are on the page',
    description:
      'Boxes are [x0, y0, x1, y1] in the pixels of the page image OCR read (`pages[].width` x `pages[].height`); scale them by ' +
      '`width / pages[].width` for GET /v1/documents/{id}/pages/{n}/image?width=. `words` lists the words OCR was unsure of ' +
      '(confidence under 60: correct words on the sample scans read above 80) or that repair changed. Text uploads, text-layer ' +
      'pages and notices stored before this version have no boxes (null) and no words.',
    request: { params: IdParam },
    responses: {
      200: {
        description: 'pages and lines',
        content: { 'application/json': { schema: z.object({ document_id: z.string(), pages: z.array(PageGeometry), lines: z.array(LineDetail) }).openapi('DocumentLines') } },
      },
      400: err('malformed id'),
      404: err('no such document'),
    },
  }),
  pageImage: createRoute({
    method: 'get',
    path: '/v1/documents/{id}/pages/{n}/image',
    tags: ['documents'],
    summary: 'A page of a scanned image or PDF as a JPEG, scaled to the width asked for',
    description:
      'Grey JPEG of the page image OCR read (the space of the line boxes), `width` pixels wide. Cached by the server (bounded) and ' +
      'by the client (ETag, Cache-Control: private, max-age=86400; If-None-Match answers 304). 404 `no_page_images` for text ' +
      'uploads and where this deployment has no image stack (Workers).',
    request: {
      params: IdParam.extend({ n: z.string().openapi({ param: { name: 'n', in: 'path' }, example: '1' }) }),
      query: z
        .object({
          width: z.string().optional().openapi({ param: { name: 'width', in: 'query' }, type: 'integer', minimum: 200, maximum: 2000, default: 1000 } as never),
        })
        .strict(),
    },
    responses: {
      200: { description: 'the page', content: { 'image/jpeg': { schema: z.string().openapi({ format: 'binary' }) } } },
      304: { description: 'not modified (If-None-Match)' },
      400: err('malformed id, page or width'),
      404: err('no such document or page, or no page images here (no_page_images)'),
    },
  }),
};

export function correctionRoutes(deps: CorrectionDeps) {
  const { store } = deps;
  const app = createRouter();
  // corrections of one document one after another in this process: each reads the record the previous wrote
  const queues = new Map<string, Promise<unknown>>();
  const serial = <T>(id: string, work: () => Promise<T>): Promise<T> => {
    const prev = queues.get(id) ?? Promise.resolve();
    const run = prev.then(work, work);
    const tail = run.catch(() => undefined);
    queues.set(id, tail);
    void tail.then(() => queues.get(id) === tail && queues.delete(id));
    return run;
  };

  const auditOf = (c: Context, action: string, id: string) => {
    c.set('audit', { action, target: id, document_id: id, written: true });
    return { key: c.get('principal')?.name ?? null, action, target: id, document_id: id, client: deps.clientAddress?.(c) ?? null, status: 200 };
  };

  app.openapi(routes.patch, async (c) => {
    const id = documentId(c.req.valid('param').id);
    const body = c.req.valid('json') as DocumentPatch;
    if (!Object.keys(body).length) throw badRequest('empty_patch', 'the body names no field to correct: give issuer, number, date, title, doc_type or directives');
    const seen = new Set<string>();
    for (const d of body.directives ?? []) {
      const owner = d.id.slice(0, 16);
      if (owner !== id) {
        throw badRequest('foreign_directive', `directive ${d.id} belongs to document ${owner}, not to ${id} (400: correct it through PATCH /v1/documents/${owner})`);
      }
      if (seen.has(d.id)) throw badRequest('duplicate_directive', `directive ${d.id} is named twice in directives`);
      seen.add(d.id);
    }
    const record = await serial(id, async () => {
      const current = await store.getRecord(id);
      if (!current) throw notFound(`no document with id ${id}`);
      for (const d of body.directives ?? []) {
        if (!current.directives.some((x) => x.id === d.id)) {
          throw new VanbanError(404, 'unknown_directive',
            `document ${id} has no directive ${d.id} (404: it has ${current.directives.length ? `${id}-1 to ${id}-${current.directives.length}` : 'none'})`);
        }
      }
      const { record: next, changes } = applyPatch(current, body);
      await store.reviseDocument(id, { record: next, changes, audit: auditOf(c, 'document.correct', id) });
      return store.getRecord(id);
    });
    return c.json(record!, 200);
  });

  app.openapi(routes.patchLines, async (c) => {
    const id = documentId(c.req.valid('param').id);
    const edits = c.req.valid('json').lines;
    if (!deps.reextract) throw new VanbanError(503, 'no_extraction', 'this deployment cannot read a notice again');
    const reextract = deps.reextract;
    const dup = edits.find((e, i) => edits.findIndex((x) => x.line === e.line) !== i);
    if (dup) throw badRequest('duplicate_line', `line ${dup.line} is named twice in lines`);
    const record = await serial(id, async () => {
      const [current, stored] = await Promise.all([store.getRecord(id), store.getStoredLines(id)]);
      if (!current || !stored) throw notFound(`no document with id ${id}`);
      const missing = edits.filter((e) => e.line > stored.length);
      if (missing.length) {
        throw badRequest('unknown_line', `document ${id} has ${stored.length} lines: no line ${missing.map((e) => e.line).join(', ')}`);
      }
      const byLine = new Map(edits.map((e) => [e.line, e.text.normalize('NFC')]));
      const changes: StoredChange[] = [];
      const lines: TextLineT[] = stored.map((l) => {
        const text = byLine.get(l.line);
        if (text === undefined || text === l.text) return { page: l.page, line: l.line, text: l.text };
        changes.push({ kind: 'line', target: `line:${l.line}`, field: 'text', old: l.text, new: text });
        return { page: l.page, line: l.line, text };
      });
      const rawLines = stored.map((l) => ({ page: l.page, line: l.line, text: l.raw_text }));
      const extracted = await reextract(lines, { id, doc: current.doc, rawLines, previous: current });
      const corrections = await store.standingCorrections(id);
      const { record: next } = reapply(extracted, corrections);
      changes.push(...diffRecords(id, current, next));
      await store.reviseDocument(id, {
        record: next,
        lines: changes.filter((ch) => ch.kind === 'line').map((ch) => ({ line: Number(ch.target.slice(5)), text: ch.new as string })),
        changes,
        audit: auditOf(c, 'document.lines', id),
      });
      return store.getRecord(id);
    });
    return c.json(record as NoticeRecordT, 200);
  });

  app.openapi(routes.lines, async (c) => {
    const id = documentId(c.req.valid('param').id);
    const [pages, lines] = await Promise.all([store.getPages(id), store.getStoredLines(id)]);
    if (!pages || !lines) throw notFound(`no document with id ${id}`);
    return c.json({ document_id: id, pages: pages.pages, lines: lines.map(lineDetail) }, 200);
  });

  app.openapi(routes.pageImage, async (c) => {
    const { id: rawId, n } = c.req.valid('param');
    const id = documentId(rawId);
    if (!/^[1-9]\d{0,4}$/.test(n)) throw badRequest('bad_page', `page "${n.slice(0, 20)}" must be a page number from 1`);
    const raw = c.req.valid('query').width;
    const width = raw === undefined || raw === '' ? 1000 : Number(raw);
    if (!Number.isInteger(width) || width < 200 || width > 2000) throw badRequest('bad_width', 'width must be a whole number from 200 to 2000');
    const doc = await store.getPages(id);
    if (!doc) throw notFound(`no document with id ${id}`);
    const page = Number(n);
    if (page > doc.pages.length) throw notFound(`document ${id} has ${doc.pages.length} page${doc.pages.length === 1 ? '' : 's'}: no page ${page}`);
    if (doc.mediaType === 'text/plain') {
      return c.json(errorBody('no_page_images', `document ${id} was uploaded as text: it has no page images`), 404);
    }
    if (!deps.pageImage) {
      return c.json(errorBody('no_page_images', 'this deployment has no image stack to draw pages (Workers): ask the Node service for page images'), 404);
    }
    // the original never changes under its id (the id is its hash), so the page is the same for the same width
    const etag = `"${id}-p${page}-w${width}-${deps.version ?? '0'}"`;
    c.header('ETag', etag);
    c.header('Cache-Control', 'private, max-age=86400');
    if ((c.req.header('if-none-match') ?? '').split(',').some((t) => t.trim().replace(/^W\//, '') === etag)) {
      return c.body(null, 304) as never;
    }
    const out = await deps.pageImage({
      id,
      mediaType: doc.mediaType,
      page,
      width,
      original: async () => (await store.getOriginal(id))!.bytes,
    });
    c.header('Content-Type', 'image/jpeg');
    c.header('X-Cache', out.cached ? 'hit' : 'miss');
    return c.body(out.jpeg as Uint8Array<ArrayBuffer>, 200) as never;
  });

  return app;
}

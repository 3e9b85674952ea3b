// POST /v1/repair: text in, repaired text out, with per-line changes and confidence.
import { createRoute, z } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import { badRequest, unsupported } from '../errors.js';
import { sniff } from '../ingest/sniff.js';
import { decodeText, splitLines } from '../ingest/text.js';
import type { Repairer } from '../repair/index.js';
import { errorBody } from './errors.js';
import { createRouter } from './router.js';
import { errorResponse } from './schemas.js';

/** Text repair is synchronous: larger inputs should go through POST /v1/documents. */
export const MAX_REPAIR_BYTES = 10 * 1024 * 1024;

const RepairedLine = z
  .object({
    text: z.string(),
    changes: z.array(z.object({ from: z.string(), to: z.string(), col: z.number().int() })),
    confidence: z.number().min(0).max(1),
  })
  .openapi('RepairedLine');

const RepairResult = z
  .object({ text: z.string(), lines: z.array(RepairedLine) })
  .openapi('RepairResult');

const err = errorResponse;

const route = createRoute({
  method: 'post',
  path: '/v1/repair',
  tags: ['repair'],
  summary: 'Restore diacritics and fix OCR errors, line for line',
  description:
    'Send text/plain (UTF-8), or JSON {"text": "..."} or {"lines": ["...", ...]}. The answer has exactly as many lines as the input.',
  request: {
    body: {
      content: {
        'text/plain': { schema: z.string() },
        'application/json': {
          schema: z.object({ text: z.string().optional(), lines: z.array(z.string()).optional() }),
        },
      },
    },
  },
  responses: {
    200: { description: 'the repaired lines', content: { 'application/json': { schema: RepairResult } } },
    400: err('malformed JSON'),
    413: err('over 10 MB'),
    415: err('not UTF-8 text'),
  },
});

/** getRepairer: the runtime's repair stage (the model may load on first use). */
export function repairRoutes(getRepairer: () => Promise<Repairer>) {
  const app = createRouter();
  app.use(
    '/v1/repair',
    bodyLimit({
      maxSize: MAX_REPAIR_BYTES,
      onError: (c) => {
        c.header('Connection', 'close');
        return c.json(errorBody('too_large', `text to repair is limited to ${MAX_REPAIR_BYTES} bytes; upload larger notices to /v1/documents`), 413);
      },
    }),
  );
  app.openapi(route, async (c) => {
    const type = (c.req.header('content-type') ?? 'text/plain').split(';')[0].trim().toLowerCase();
    let lines: string[];
    let trailingNewline = false;
    if (type === 'application/json') {
      let body: unknown;
      try {
        body = await c.req.json();
      } catch {
        throw badRequest('bad_json', 'the body is not valid JSON');
      }
      const b = body as { text?: unknown; lines?: unknown };
      if (Array.isArray(b.lines) && b.lines.every((l) => typeof l === 'string')) {
        lines = b.lines as string[];
      } else if (typeof b.text === 'string') {
        trailingNewline = b.text.endsWith('\n');
        lines = splitLines(b.text.replace(/\r\n?/g, '\n'));
      } else {
        throw badRequest('bad_json', 'send {"text": "..."} or {"lines": ["...", ...]}');
      }
    } else if (type === 'text/plain' || type === '') {
      const bytes = new Uint8Array(await c.req.arrayBuffer());
      const kind = bytes.length ? sniff(bytes) : 'text/plain';
      if (kind === 'text/utf-16') throw unsupported('utf16_text', 'UTF-16 text is not supported; send UTF-8');
      if (kind !== 'text/plain') throw unsupported('not_text', `repair reads UTF-8 text; this body is ${kind}`);
      const text = decodeText(bytes).replace(/^\uFEFF/, '');
      trailingNewline = text.endsWith('\n');
      lines = splitLines(text);
    } else {
      throw unsupported('unsupported_type', `unsupported content type "${type}": send text/plain or application/json`);
    }
    const result = await (await getRepairer()).repairDetailed(lines);
    const text = result.lines.map((l) => l.text).join('\n') + (trailingNewline && lines.length ? '\n' : '');
    return c.json({ text, lines: result.lines }, 200);
  });
  return app;
}

// Errors as JSON {error: {code, message}}; anything unexpected is a 500 without internals.
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { VanbanError, badRequest } from '../errors.js';

export function errorBody(code: string, message: string) {
  return { error: { code, message } };
}

export function onError(err: Error, c: Context) {
  if (err instanceof VanbanError) return c.json(errorBody(err.code, err.message), err.status);
  if (err instanceof HTTPException) {
    const status = err.status;
    return c.json(errorBody(status === 413 ? 'too_large' : 'bad_request', err.message || 'bad request'), status);
  }
  console.error(err);
  return c.json(errorBody('internal', 'internal error'), 500);
}

const DOC_ID = /^[0-9a-f]{16}$/;
const JOB_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function documentId(id: string): string {
  if (!DOC_ID.test(id)) throw badRequest('bad_id', `"${id.slice(0, 40)}" is not a document id (16 hex digits)`);
  return id;
}

export function jobId(id: string): string {
  if (!JOB_ID.test(id)) throw badRequest('bad_id', `"${id.slice(0, 40)}" is not a job id (a UUID)`);
  return id;
}

/** limit/offset query parameters, validated. */
export function paging(c: Context, maxLimit = 100): { limit: number; offset: number } {
  const num = (name: string, dflt: number, min: number, max: number) => {
    const raw = c.req.query(name);
    if (raw === undefined || raw === '') return dflt;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max) {
      throw badRequest('bad_paging', `${name} must be a whole number from ${min} to ${max}`);
    }
    return n;
  };
  return { limit: num('limit', 20, 1, maxLimit), offset: num('offset', 0, 0, 1_000_000_000) };
}

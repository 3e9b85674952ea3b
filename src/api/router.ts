// Route modules are OpenAPIHono apps whose validation failures answer like every other error:
// 400 {error: {code, message}}, the code naming the kind of input at fault.
import { OpenAPIHono } from '@hono/zod-openapi';
import type { Context, MiddlewareHandler } from 'hono';
import { badRequest } from '../errors.js';
import { errorBody } from './errors.js';

const CODES: Record<string, string> = {
  limit: 'bad_paging',
  offset: 'bad_paging',
  due_before: 'bad_date',
  due_after: 'bad_date',
  today: 'bad_date',
  date_from: 'bad_date',
  date_to: 'bad_date',
  sort: 'bad_sort',
  order: 'bad_sort',
};

interface Issue {
  path: PropertyKey[];
  message: string;
  code: string;
  /** unrecognized_keys: the parameters the route does not know */
  keys?: string[];
}

export function validationError(issues: Issue[], target: string) {
  // a misspelt parameter must not be ignored (?document_id= would return every directive)
  const unknown = issues.flatMap((i) => (i.code === 'unrecognized_keys' ? (i.keys ?? []) : []));
  if (unknown.length) return errorBody('unknown_parameter', unknownMessage(unknown, target === 'query' ? 'query parameter' : 'field'));
  const first = issues[0];
  const field = String(first?.path[0] ?? target);
  let code = CODES[field] ?? 'bad_request';
  if (field === 'q' || field === 'query') code = first.code === 'too_big' ? 'query_too_long' : 'empty_query';
  if (target === 'json' && issues.some((i) => i.code === 'invalid_type' && i.path.length === 0)) code = 'bad_json';
  const msg = issues.map((i) => (i.message.startsWith(String(i.path[0] ?? '')) && i.path.length ? i.message : `${i.path.join('.') || target}: ${i.message}`));
  return errorBody(code, [...new Set(msg)].join('; '));
}

/** Refuses query parameters outside `allowed` with 400 naming them (routes that read the query themselves). */
export function refuseUnknownQuery(c: Context, allowed: readonly string[] = []): void {
  const unknown = [...new Set(new URL(c.req.url).searchParams.keys())].filter((k) => !allowed.includes(k));
  if (unknown.length) throw badRequest('unknown_parameter', unknownMessage(unknown, 'query parameter'));
}

const unknownMessage = (names: string[], what: string) => `unknown ${what}${names.length > 1 ? 's' : ''}: ${names.join(', ')}`;

const noQuery: MiddlewareHandler = async (c, next) => {
  refuseUnknownQuery(c);
  await next();
};

export function createRouter() {
  const app = new OpenAPIHono({
    defaultHook: (result, c: Context) => {
      if (!result.success) {
        const r = result as unknown as { error: { issues: Issue[] }; target: string };
        return c.json(validationError(r.error.issues, r.target), 400);
      }
    },
  });
  // a route without query parameters refuses any, as the others refuse those they do not know (their
  // schemas are strict); /healthz stays lenient for probes that add their own
  const register = app.openapi;
  app.openapi = ((route, handler, hook) => {
    if (route.request?.query || route.path === '/healthz') return register(route, handler, hook);
    const own = route.middleware ? (Array.isArray(route.middleware) ? route.middleware : [route.middleware]) : [];
    return register({ ...route, middleware: [noQuery, ...own] }, handler, hook);
  }) as typeof app.openapi;
  return app;
}

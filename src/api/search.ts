// GET /v1/search: full text over notice lines and directives, diacritics optional.
import { createRoute, z } from '@hono/zod-openapi';
import { badRequest } from '../errors.js';
import { toDocumentFilters } from '../store/filters.js';
import { words } from '../store/search.js';
import type { Store } from '../store/types.js';
import { createRouter } from './router.js';
import { DocumentFilterParams, errorResponses, PagingQuery, queryText, SearchPage } from './schemas.js';

const route = createRoute({
  method: 'get',
  path: '/v1/search',
  tags: ['search'],
  summary: 'Search notice lines and directives',
  description:
    'The words are matched without regard to diacritics or case ("so khoa hoc" finds "Sở Khoa học"; đ = d); when the query ' +
    'has diacritics, hits with those exact diacritics come first, then by BM25. Quotes, *, -, parentheses and words like ' +
    'NEAR/AND/OR/NOT are plain text, never query syntax. Hits are ranked in windows of 200 per kind (lines, directives) ' +
    'in the order they were stored: a query with fewer hits is ranked whole; for very common words `total` is a lower ' +
    'bound and `total_is_estimate` is true. kind, issuer, date_from and date_to keep the hits of the notices they select ' +
    '(kind and issuer by their words, diacritics and case optional; the date range on the notice\'s date).',
  request: {
    query: PagingQuery.extend({
      q: queryText('q', 'the words to find'),
      in: z
        .enum(['all', 'lines', 'directives'], { message: 'in must be all, lines or directives' })
        .optional()
        .openapi({ param: { name: 'in', in: 'query' }, description: 'search notice lines, directives or both (default)' }),
      ...DocumentFilterParams.shape,
    }).strict(),
  },
  responses: { 200: { description: 'hits, best first', content: { 'application/json': { schema: SearchPage } } }, ...errorResponses },
});

export function searchRoutes(store: Store) {
  const app = createRouter();
  app.openapi(route, async (c) => {
    const { q, in: scope, limit, offset, ...docQuery } = c.req.valid('query');
    if (!words(q).length) throw badRequest('empty_query', 'q has no words to search for (letters or digits)');
    const documents = toDocumentFilters(docQuery);
    return c.json({ query: q, ...(await store.search(q, { limit, offset, scope: scope ?? 'all', documents })) }, 200);
  });
  return app;
}

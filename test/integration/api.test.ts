// The search and tracking API through the real server (loopback, temp SQLite file): search, directive
// filters, status history, agencies, CSV/ICS/JSON exports (the ICS read by ical.js), webhooks received by a
// real local HTTP server with their signatures checked, OpenAPI, and every bad input.
import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../src/store/sqlite.js';
import { notices } from '../fixtures/search/notices.js';
// the test server's admin key rides along (see test/helpers/server.ts)
import { keyedFetch as fetch, startTestServer } from '../helpers/server.js';

type Srv = Awaited<ReturnType<typeof startTestServer>>;
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

let srv: Srv;
let strict: Srv;
const url = (p: string) => srv.url + p;
const get = async (p: string, s: Srv = srv) => {
  const r = await fetch(s.url + p);
  return { status: r.status, body: (await r.json()) as Json };
};
const send = async (method: string, p: string, body: unknown, s: Srv = srv) => {
  const r = await fetch(s.url + p, { method, body: typeof body === 'string' ? body : JSON.stringify(body), headers: { 'content-type': 'application/json' } });
  // 204 has no body; the tests read bodies of other answers only
  return { status: r.status, body: (r.status === 204 ? null : await r.json()) as Json };
};
const q = encodeURIComponent;

beforeAll(async () => {
  srv = await startTestServer({ allowPrivateWebhooks: true, webhookRetryMs: 100 });
  strict = await startTestServer();
  // The fixtures' records are written by a second connection to the server's SQLite file (WAL).
  const store = await openSqliteStore(srv.dbPath);
  for (const n of notices) await store.putDocument(n.document());
  await store.close();
});
afterAll(async () => {
  await srv?.cleanup();
  await strict?.cleanup();
});

describe('GET /v1/search', () => {
  it('finds words without diacritics and highlights them', async () => {
    const { status, body } = await get(`/v1/search?q=${q('so khoa hoc va cong nghe')}`);
    expect(status).toBe(200);
    expect(body.total).toBeGreaterThanOrEqual(4);
    expect(body.items[0].snippet).toContain('<mark>Sở</mark> <mark>Khoa</mark> <mark>học</mark>');
    expect(body.items.some((h: Json) => h.kind === 'directive')).toBe(true);
    expect(body.items.some((h: Json) => h.kind === 'line')).toBe(true);
  });

  it('folds đ and ranks exact diacritics first', async () => {
    const d = await get(`/v1/search?q=${q('dat dai')}`);
    expect(d.body.items[0].text).toMatch(/đất đai/);
    const the = await get(`/v1/search?q=${q('thế')}`);
    expect(the.body.items[0].text).toMatch(/thế mạnh/);
    expect(the.body.items[0].exact).toBe(true);
    expect(the.body.items.at(-1).exact).toBe(false);
  });

  it('keeps FTS5 syntax plain', async () => {
    const base = (await get(`/v1/search?q=${q('khoa hoc')}`)).body.total;
    for (const s of ['"khoa hoc', 'khoa* hoc', '(khoa hoc', 'khoa -hoc', 'khoa hoc)']) {
      const r = await get(`/v1/search?q=${q(s)}`);
      expect(r.status, s).toBe(200);
      expect(r.body.total, s).toBe(base);
    }
    for (const s of ['NEAR(khoa hoc)', 'khoa AND hoc', 'khoa OR hoc', 'NOT khoa', 'folded: khoa', 'folded:xyz']) {
      const r = await get(`/v1/search?q=${q(s)}`);
      expect(r.status, s).toBe(200);
      // no line has the operator as a word, so the answer is hits with some of the words
      expect(r.body.match, s).toBe('any');
    }
    expect((await get(`/v1/search?q=${q('folded: xyz')}`)).body.total).toBe(0);
  });

  it('pages and scopes', async () => {
    const a = await get(`/v1/search?q=${q('uy ban')}&limit=2&offset=0`);
    const b = await get(`/v1/search?q=${q('uy ban')}&limit=2&offset=2`);
    expect(a.body.items).toHaveLength(2);
    expect(b.body.total).toBe(a.body.total);
    expect(b.body.items[0]).not.toEqual(a.body.items[0]);
    const dirs = await get(`/v1/search?q=${q('uy ban')}&in=directives`);
    expect(dirs.body.items.every((h: Json) => h.kind === 'directive')).toBe(true);
  });
});

describe('directives', () => {
  const ids = async (query: string, s: Srv = srv) => {
    const r = await get(`/v1/directives?limit=100&${query}`, s);
    expect(r.status, query).toBe(200);
    return (r.body.items as Json[]).map((d) => d.id);
  };

  it('lists by deadline with filters', async () => {
    const all = await get('/v1/directives?limit=100');
    expect(all.body.total).toBe(25);
    expect(await ids(`agency=${q('Sở KH&CN')}`)).toEqual(['a000000000000006-1', 'a000000000000006-2', 'a000000000000001-1', 'a000000000000001-2']);
    expect(await ids(`agency=SKHCN`)).toEqual(await ids(`agency=${q('so khoa hoc')}`));
    expect(await ids(`agency=${q('Sở Tài chính')}&role=cooperate`)).toEqual(['a000000000000001-1']);
    expect(await ids(`agency=${q('Sở Tài chính')}&role=lead`)).toHaveLength(3);
    expect(await ids('due_after=2025-10-30&due_before=2025-10-31')).toEqual(['a000000000000001-1', 'a000000000000001-3', 'a000000000000003-2']);
    expect(await ids('overdue=true&today=2025-09-01')).toEqual(['a000000000000006-1', 'a000000000000002-1']);
    expect(await ids('kind=recurring')).toEqual(['a000000000000001-4', 'a000000000000004-5']);
    expect(await ids('document=a000000000000005')).toHaveLength(4);
    expect(await ids(`q=${q('kham suc khoe')}`)).toEqual(['a000000000000003-2']);
    // overdue without today is relative to now: every dated fixture deadline is in the past or near
    const now = new Date().toISOString().slice(0, 10);
    expect(await ids('overdue=true')).toEqual(await ids(`overdue=true&today=${now}`));
    const page = await get('/v1/directives?limit=3&offset=3');
    expect(page.body.items.map((d: Json) => d.id)).toEqual((await ids('')).slice(3, 6));
  });

  it('resolves an unknown agency to an empty list', async () => {
    const r = await get(`/v1/directives?agency=${q('Bộ Ngoại giao')}`);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ items: [], total: 0 });
  });

  it('sets the status, keeps the history, filters by status', async () => {
    const a = await send('PATCH', '/v1/directives/a000000000000003-1', { status: 'in_progress', note: 'đang sửa chữa 12 phòng', actor: 'Nguyễn Văn A' });
    expect(a.status).toBe(200);
    expect(a.body).toMatchObject({ id: 'a000000000000003-1', status: 'in_progress', status_note: 'đang sửa chữa 12 phòng' });
    expect((await send('PATCH', '/v1/directives/a000000000000003-1', { status: 'done' })).status).toBe(200);
    const d = await get('/v1/directives/a000000000000003-1');
    expect(d.status).toBe(200);
    expect(d.body.history.map((h: Json) => [h.status, h.note, h.actor])).toEqual([
      ['in_progress', 'đang sửa chữa 12 phòng', 'Nguyễn Văn A'],
      ['done', null, null],
    ]);
    expect(await ids('status=done')).toEqual(['a000000000000003-1']);
    expect(await ids('overdue=true&today=2025-12-01')).not.toContain('a000000000000003-1');
  });

  it('lists agencies with counts and their directives', async () => {
    const r = await get('/v1/agencies?limit=100');
    expect(r.status).toBe(200);
    expect(r.body.items.find((a: Json) => a.id === 'so-tai-chinh')).toMatchObject({ directives: 4, lead: 3 });
    const f = await get(`/v1/agencies?q=${q('so y te')}`);
    expect(f.body.items.map((a: Json) => a.id)).toEqual(['so-y-te']);
    expect((await get('/v1/agencies/so-y-te')).body).toMatchObject({ name: 'Sở Y tế', directives: 3 });
    const d = await get('/v1/agencies/so-tai-chinh/directives?role=lead');
    expect(d.body.items.map((x: Json) => x.id)).toEqual(['a000000000000002-3', 'a000000000000003-5', 'a000000000000006-3']);
  });
});

/** RFC 4180 reader, strict enough to catch quoting mistakes. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let i = 0;
  let quoted = false;
  while (i < text.length) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i += 2;
        continue;
      }
      if (ch === '"') {
        quoted = false;
        i++;
        if (i < text.length && text[i] !== ',' && text[i] !== '\r') throw new Error(`text after a closing quote at ${i}`);
        continue;
      }
      field += ch;
      i++;
      continue;
    }
    if (ch === '"') {
      if (field) throw new Error(`quote inside an unquoted field at ${i}`);
      quoted = true;
      i++;
    } else if (ch === ',') {
      row.push(field);
      field = '';
      i++;
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i += 2;
    } else if (ch === '\n' || ch === '\r') {
      throw new Error(`bare line break at ${i}`);
    } else {
      field += ch;
      i++;
    }
  }
  if (field || row.length) throw new Error('last record not terminated by CRLF');
  return rows;
}

describe('exports', () => {
  it('CSV: UTF-8 with BOM, RFC 4180, same filters', async () => {
    const r = await fetch(url(`/v1/directives.csv?agency=${q('so tai chinh')}`));
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(r.headers.get('content-disposition')).toMatch(/attachment; filename="directives.csv"/);
    const bytes = new Uint8Array(await r.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = parseCsv(new TextDecoder().decode(bytes.slice(3)));
    const [head, ...data] = rows;
    expect(head.slice(0, 3)).toEqual(['id', 'document_id', 'document_number']);
    expect(data.map((d) => d[0])).toEqual(['a000000000000002-3', 'a000000000000001-1', 'a000000000000003-5', 'a000000000000006-3']);
    const first = Object.fromEntries(head.map((h, i) => [h, data[1][i]]));
    expect(first.text).toBe('Chủ trì, phối hợp với Sở Tài chính rà soát hạ tầng công nghệ thông tin của các xã, phường, hoàn thành trước ngày 30 tháng 10 năm 2025.');
    expect(first.lead).toBe('Sở Khoa học và Công nghệ');
    expect(first.cooperate).toBe('Sở Tài chính');
    expect(first.deadline_date).toBe('2025-10-30');
  });

  it('ICS: valid RFC 5545, read by ical.js, one event per dated deadline, RRULE for recurring', async () => {
    const r = await fetch(url('/v1/directives.ics'));
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    const text = await r.text();
    const raw = text.split('\r\n');
    expect(raw.at(-1)).toBe('');
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    const enc = new TextEncoder();
    for (const line of raw) expect(enc.encode(line).length, line).toBeLessThanOrEqual(75);
    expect(raw.some((l) => l.startsWith(' '))).toBe(true); // long Vietnamese lines were folded

    const cal = new ICAL.Component(ICAL.parse(text));
    expect(cal.getFirstPropertyValue('version')).toBe('2.0');
    expect(cal.getFirstPropertyValue('prodid')).toBeTruthy();
    const events = cal.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
    const all = (await get('/v1/directives?limit=100')).body.items as Json[];
    const expected = all.filter((d) => d.deadline?.date || d.deadline?.rule);
    expect(events.map((e) => e.uid).sort()).toEqual(expected.map((d) => `${d.id}@vanban`).sort());
    for (const e of events) {
      expect(e.startDate.isDate).toBe(true);
      expect(e.component.getFirstPropertyValue('dtstamp')).toBeTruthy();
    }
    const byUid = new Map(events.map((e) => [e.uid, e]));
    const e1 = byUid.get('a000000000000001-1@vanban')!;
    expect(e1.startDate.toString()).toBe('2025-10-30');
    expect(e1.summary).toBe('Sở Khoa học và Công nghệ: Chủ trì, phối hợp với Sở Tài chính rà soát hạ tầng công nghệ thông tin của các xã, phường, hoàn thành trước ngày 30 tháng 10 năm 2025.');
    expect(e1.description).toContain('Phối hợp: Sở Tài chính');
    const weekly = byUid.get('a000000000000001-4@vanban')!;
    expect(weekly.isRecurring()).toBe(true);
    expect(weekly.component.getFirstPropertyValue('rrule')?.toString()).toBe('FREQ=WEEKLY;BYDAY=MO');
    // DTSTART is an occurrence: the first Monday on or after the notice date (2025-09-08 is a Monday)
    expect(weekly.startDate.toString()).toBe('2025-09-08');
    const it2 = weekly.iterator();
    it2.next();
    expect(it2.next().toString()).toBe('2025-09-15');
    // UIDs are stable between fetches
    const again = await (await fetch(url('/v1/directives.ics'))).text();
    expect(again.match(/^UID:.*$/gm)).toEqual(text.match(/^UID:.*$/gm));
    // filters apply
    const one = await (await fetch(url('/v1/directives.ics?document=a000000000000002'))).text();
    expect(new ICAL.Component(ICAL.parse(one)).getAllSubcomponents('vevent')).toHaveLength(3);
  });

  it('JSON: every matching directive', async () => {
    const r = await get(`/v1/directives.json?agency=${q('Công an tỉnh')}&role=lead`);
    expect(r.status).toBe(200);
    expect(r.body.total).toBe(3);
    expect(r.body.items.map((d: Json) => d.id)).toEqual(['a000000000000005-1', 'a000000000000002-4', 'a000000000000005-2']);
  });
});

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
  at: number;
}

function receiver(plan: (n: number) => number): Promise<{ server: Server; url: string; got: Received[] }> {
  const got: Received[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (body += c));
    req.on('end', () => {
      got.push({ headers: req.headers, body, at: Date.now() });
      res.statusCode = plan(got.length);
      res.end('ok');
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, got })),
  );
}

async function until(cond: () => boolean, ms = 10_000) {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('webhooks', () => {
  it('POSTs a signed document.stored, retrying with backoff until it is accepted', async () => {
    const rx = await receiver((n) => (n <= 2 ? 500 : 200));
    const secret = 'một bí mật đủ dài';
    const created = await send('POST', '/v1/webhooks', { url: rx.url, secret });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ url: rx.url, events: ['document.stored'], secret });
    const id = created.body.id;

    const notice = notices[0].text.replace('118/TB-UBND', '119/TB-UBND');
    const up = await fetch(url('/v1/documents?filename=webhook.txt'), { method: 'POST', body: notice, headers: { 'content-type': 'text/plain; charset=utf-8' } });
    expect(up.status).toBe(201);
    const rec = (await up.json()) as Json;

    await until(() => rx.got.length >= 3);
    for (const g of rx.got) {
      const sig = 'sha256=' + createHmac('sha256', secret).update(g.body, 'utf8').digest('hex');
      expect(g.headers['x-vanban-signature']).toBe(sig);
      expect(g.headers['x-vanban-event']).toBe('document.stored');
      expect(g.headers['content-type']).toMatch(/^application\/json/);
    }
    const payload = JSON.parse(rx.got[2].body);
    expect(payload).toMatchObject({ event: 'document.stored', attempt: 3, document: { id: rec.id, doc: 'webhook.txt' } });
    expect(payload.directives.length).toBe(rec.directives.length);
    expect(new Set(rx.got.map((g) => JSON.parse(g.body).delivery_id)).size).toBe(1);
    // exponential backoff: ~100 ms, then ~200 ms
    const gap1 = rx.got[1].at - rx.got[0].at;
    const gap2 = rx.got[2].at - rx.got[1].at;
    expect(gap1).toBeGreaterThanOrEqual(90);
    expect(gap2).toBeGreaterThanOrEqual(190);

    await until(() => false, 300).catch(() => undefined);
    const hook = await get(`/v1/webhooks/${id}`);
    expect(hook.status).toBe(200);
    expect(hook.body.secret).toBeUndefined();
    expect(hook.body.deliveries.map((d: Json) => [d.attempt, d.status, d.ok])).toEqual([[3, 200, true], [2, 500, false], [1, 500, false]]);
    expect((await get('/v1/webhooks')).body.items.map((h: Json) => h.id)).toContain(id);
    expect((await send('DELETE', `/v1/webhooks/${id}`, '')).status).toBe(204);
    expect((await get(`/v1/webhooks/${id}`)).status).toBe(404);
    rx.server.close();
  });

  it('gives up after 5 tries', async () => {
    const rx = await receiver(() => 503);
    const created = await send('POST', '/v1/webhooks', { url: rx.url });
    expect(created.body.secret).toMatch(/^[0-9a-f]{48}$/);
    const notice = notices[1].text.replace('205/TB-UBND', '206/TB-UBND');
    expect((await fetch(url('/v1/documents?filename=retry.txt'), { method: 'POST', body: notice, headers: { 'content-type': 'text/plain' } })).status).toBe(201);
    await until(() => rx.got.length >= 5);
    await new Promise((r) => setTimeout(r, 2500)); // a 6th try would come after 1.6 s
    expect(rx.got).toHaveLength(5);
    const sig = 'sha256=' + createHmac('sha256', created.body.secret).update(rx.got[0].body).digest('hex');
    expect(rx.got[0].headers['x-vanban-signature']).toBe(sig);
    await send('DELETE', `/v1/webhooks/${created.body.id}`, '');
    rx.server.close();
  });
});

describe('OpenAPI and docs', () => {
  it('serves an OpenAPI 3.1 document covering every route', async () => {
    const { status, body } = await get('/v1/openapi.json');
    expect(status).toBe(200);
    expect(body.openapi).toBe('3.1.0');
    const ops = Object.entries(body.paths as Json).flatMap(([p, m]) => Object.keys(m as Json).map((k) => `${k.toUpperCase()} ${p}`));
    for (const op of [
      'GET /healthz', 'POST /v1/documents', 'GET /v1/documents', 'GET /v1/documents/{id}', 'GET /v1/documents/{id}/text',
      'GET /v1/documents/{id}/original', 'DELETE /v1/documents/{id}', 'GET /v1/jobs/{id}', 'GET /v1/search', 'GET /v1/directives',
      'GET /v1/directives/{id}', 'PATCH /v1/directives/{id}', 'GET /v1/directives.csv', 'GET /v1/directives.ics', 'GET /v1/directives.json',
      'GET /v1/agencies', 'GET /v1/agencies/{id}', 'GET /v1/agencies/{id}/directives', 'POST /v1/webhooks', 'GET /v1/webhooks',
      'GET /v1/webhooks/{id}', 'DELETE /v1/webhooks/{id}', 'GET /v1/audit', 'GET /v1/documents/{id}/history',
    ]) expect(ops).toContain(op);
    // every operation needs a Bearer key unless it says otherwise, as /healthz does
    expect(body.components.securitySchemes.apiKey).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(body.security).toEqual([{ apiKey: [] }]);
    expect(body.paths['/healthz'].get.security).toEqual([]);
    expect(body.components.schemas).toHaveProperty('NoticeRecord');
    expect(body.components.schemas).toHaveProperty('DirectiveItem');
    // the record's and the store's schemas are named in src/api/schemas.ts: nested ones appear as references
    const schemas = body.components.schemas as Record<string, { properties: Record<string, Json> }>;
    const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
    expect(schemas.NoticeRecord.properties.directives).toMatchObject({ items: ref('Directive') });
    expect(schemas.NoticeRecord.properties.signer).toEqual(ref('Signer'));
    expect(schemas.Directive.properties.assignees).toMatchObject({ items: ref('Assignee') });
    expect(schemas.Directive.properties.deadline).toEqual(ref('Deadline'));
    expect(schemas.DirectiveItem.properties.deadline).toEqual(ref('Deadline'));
    expect(schemas.DirectiveItem.properties.status).toEqual(ref('DirectiveStatus'));
    expect(schemas.DirectivePage.properties.items).toMatchObject({ items: ref('DirectiveItem') });
    expect(schemas.SearchPage.properties.items).toMatchObject({ items: ref('SearchHit') });
    expect(Object.keys(schemas.SearchPage.properties)).toEqual(['query', 'items', 'total', 'total_is_estimate', 'limit', 'offset', 'match']);
  });

  it('serves /docs without anything from the network', async () => {
    const r = await fetch(url('/docs'));
    expect(r.status).toBe(200);
    const html = await r.text();
    expect(html).toContain('/v1/openapi.json');
    expect(html).not.toMatch(/(src|href)="https?:/);
  });
});

describe('bad input', () => {
  const cases: [string, () => Promise<{ status: number; body: Json | null }>, number, string][] = [
    ['an empty query', () => get('/v1/search?q='), 400, 'empty_query'],
    ['a missing query', () => get('/v1/search'), 400, 'empty_query'],
    ['a query of spaces and symbols', () => get(`/v1/search?q=${q('  "* ')}`), 400, 'empty_query'],
    ['a 10 kB query', () => get(`/v1/search?q=${q('khoa '.repeat(2048))}`), 400, 'query_too_long'],
    ['limit 0', () => get('/v1/search?q=khoa&limit=0'), 400, 'bad_paging'],
    ['limit 101', () => get('/v1/directives?limit=101'), 400, 'bad_paging'],
    ['limit not a number', () => get('/v1/agencies?limit=ten'), 400, 'bad_paging'],
    ['a negative offset', () => get('/v1/directives?offset=-1'), 400, 'bad_paging'],
    ['a malformed due_before', () => get('/v1/directives?due_before=30/10/2025'), 400, 'bad_date'],
    ['an impossible due_after', () => get('/v1/directives?due_after=2025-02-30'), 400, 'bad_date'],
    ['a malformed today', () => get('/v1/directives?overdue=true&today=tomorrow'), 400, 'bad_date'],
    ['a malformed date on an export', () => get('/v1/directives.csv?due_before=2025-1-1'), 400, 'bad_date'],
    ['due_after after due_before', () => get('/v1/directives?due_after=2025-12-01&due_before=2025-01-01'), 400, 'bad_date'],
    ['an unknown role', () => get('/v1/directives?agency=x&role=boss'), 400, 'bad_request'],
    ['an unknown status filter', () => get('/v1/directives?status=closed'), 400, 'bad_request'],
    ['an unknown kind', () => get('/v1/directives?kind=soon'), 400, 'bad_request'],
    ['overdue=maybe', () => get('/v1/directives?overdue=maybe'), 400, 'bad_request'],
    ['a PATCH with a bad status', () => send('PATCH', '/v1/directives/a000000000000001-1', { status: 'finished' }), 400, 'bad_request'],
    ['a PATCH without a status', () => send('PATCH', '/v1/directives/a000000000000001-1', { note: 'x' }), 400, 'bad_request'],
    ['a PATCH that is not JSON', () => send('PATCH', '/v1/directives/a000000000000001-1', '{status:'), 400, 'bad_request'],
    ['a PATCH of an unknown directive', () => send('PATCH', '/v1/directives/ffffffffffffffff-9', { status: 'done' }), 404, 'not_found'],
    ['an unknown directive', () => get('/v1/directives/ffffffffffffffff-9'), 404, 'not_found'],
    ['a malformed directive id', () => get('/v1/directives/..%2Fetc'), 404, 'not_found'],
    ['an unknown agency id', () => get('/v1/agencies/bo-ngoai-giao/directives'), 404, 'not_found'],
    ['a webhook that is not http(s)', () => send('POST', '/v1/webhooks', { url: 'ftp://example.org/x' }), 400, 'bad_webhook_url'],
    ['a webhook that is not a URL', () => send('POST', '/v1/webhooks', { url: 'not a url' }), 400, 'bad_webhook_url'],
    ['a webhook without url', () => send('POST', '/v1/webhooks', {}), 400, 'bad_request'],
    ['a webhook with a short secret', () => send('POST', '/v1/webhooks', { url: 'https://example.org/h', secret: 'x' }), 400, 'bad_request'],
    ['a javascript: webhook', () => send('POST', '/v1/webhooks', { url: 'javascript:alert(1)' }), 400, 'bad_webhook_url'],
    ...['http://127.0.0.1:9/x', 'http://localhost/x', 'http://10.1.2.3/', 'http://192.168.0.10/', 'http://169.254.169.254/latest/meta-data',
      'http://[::1]:8080/', 'http://[fe80::1]/', 'http://[::ffff:127.0.0.1]/', 'http://2130706433/', 'http://0x7f.1/', 'http://172.20.0.1/', 'http://0.0.0.0/']
      .map((u): [string, () => Promise<{ status: number; body: Json | null }>, number, string] => [
        `a private webhook ${u} when not allowed`, () => send('POST', '/v1/webhooks', { url: u }, strict), 400, 'bad_webhook_url']),
    ['an unknown webhook', () => get('/v1/webhooks/00000000-0000-4000-8000-000000000000'), 404, 'not_found'],
  ];
  for (const [name, call, status, code] of cases) {
    it(`answers ${name} with ${status} ${code}`, async () => {
      const r = await call();
      expect(r.status).toBe(status);
      expect(r.body?.error.code).toBe(code);
      expect(r.body?.error.message.length).toBeGreaterThan(5);
      if (code === 'bad_date') expect(r.body?.error.message).toMatch(/YYYY-MM-DD|later than/);
    });
  }

  it('stays up and stores no webhook after refusals', async () => {
    expect((await get('/v1/webhooks', strict)).body.items).toEqual([]);
    expect((await fetch(strict.url + '/healthz')).status).toBe(200);
  });
});

// The web app for office staff: server-rendered pages (hono's html template, no client framework) over
// the same store and the same API. Pages need a session (sign-in with an API key); their forms carry the
// session's CSRF token; the script calls the /v1 API with the session cookie and the X-CSRF-Token header.
import { Hono, type Context } from 'hono';
import { html } from 'hono/html';
import { keyIdentifier, LoginLimits, type AccessConfig } from '../api/access.js';
import { VanbanError } from '../errors.js';
import type { Pipeline } from '../pipeline/create.js';
import { DOCUMENT_SORTS, type DocumentSort } from '../store/sql/documents.js';
import { DIRECTIVE_STATUSES, type DirectiveStatus, type Role, type Store } from '../store/types.js';
import { ASSETS } from './assets.js';
import { page, type Html } from './layout.js';
import { isWebPath } from './paths.js';
import { documentsPage, reviewPage, searchPage, tasksPage, uploadPage } from './pages.js';
import { closeSession, CSRF_FIELD, csrfMatches, loginCsrf, loginCsrfMatches, openSession, readSession, type Session } from './session.js';

export interface WebDeps {
  store: Store;
  pipeline: Pipeline;
  access?: AccessConfig;
  /** the client's address for the audit trail and the sign-in limit */
  clientAddress?: (c: Context) => string | null;
  /** failed sign-ins per address (default: from access.loginFailuresPerMinute) */
  loginLimits?: LoginLimits;
}

const RANK: Record<Role, number> = { reader: 1, editor: 2, admin: 3 };

/** A local path to return to after signing in (never another origin). */
function localPath(p: string | undefined | null): string {
  return p && /^\/(?![/\\])[^\s]*$/.test(p) ? p : '/documents';
}

function secured(c: Context) {
  c.header('Cache-Control', 'no-store');
  c.header('Content-Security-Policy', "default-src 'self'; img-src 'self' data: blob:; style-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'");
  c.header('X-Content-Type-Options', 'nosniff');
  c.header('Referrer-Policy', 'same-origin');
  c.header('X-Frame-Options', 'DENY');
}

export function webRoutes(deps: WebDeps) {
  const { store } = deps;
  const identify = keyIdentifier(store, deps.access);
  // failed sign-ins per client address per minute (in memory, as the per-key limits)
  const logins = deps.loginLimits ?? new LoginLimits(deps.access);
  const app = new Hono<{ Variables: { session: Session } }>();

  for (const a of Object.values(ASSETS)) {
    app.get(a.path, (c) => {
      c.header('Content-Type', a.type);
      c.header('ETag', a.etag);
      // the URL carries the content hash: a new version is a new URL
      c.header('Cache-Control', c.req.query('v') === a.etag.slice(1, -1) ? 'public, max-age=31536000, immutable' : 'public, max-age=300');
      c.header('X-Content-Type-Options', 'nosniff');
      if (c.req.header('if-none-match') === a.etag) return c.body(null, 304);
      return c.body(a.body);
    });
  }

  const render = (c: Context, status: number, title: string, body: Html, session: Session | null, nav?: Parameters<typeof page>[0]['nav']) => {
    secured(c);
    return c.html(page({ title, body, session, nav }), status as 200);
  };
  const errorPage = (c: Context, status: number, message: string, session: Session | null) =>
    render(c, status, 'Lỗi', html`<h1>Không thực hiện được</h1><p class="error" role="alert">${message}</p><p><a href="/documents">Về danh sách văn bản</a></p>`, session);

  // ---- sign-in
  const loginForm = (c: Context, status: number, error?: string, next?: string) =>
    render(c, status, 'Đăng nhập', html`<div class="login">
<h1>Đăng nhập</h1>
<p>Dùng khóa API do quản trị viên cấp (khóa in ra khi máy chủ khởi động lần đầu, hoặc tạo bằng <code>vanban keys create</code>).</p>
${error ? html`<p class="error" role="alert" id="login-error">${error}</p>` : ''}
<form method="post" action="/login">
<input type="hidden" name="_csrf" value="${loginCsrf(c)}">
<input type="hidden" name="next" value="${localPath(next)}">
<label for="key">Khóa API</label>
<input id="key" name="key" type="password" autocomplete="current-password" required autofocus spellcheck="false"${error ? html` aria-describedby="login-error" aria-invalid="true"` : ''}>
<p><button type="submit">Đăng nhập</button></p>
</form></div>`, null);

  app.get('/login', async (c) => {
    const s = await readSession(c, store, { configAdmin: !!deps.access?.adminKey });
    if (s) return c.redirect(localPath(c.req.query('next')), 303);
    return loginForm(c, 200, undefined, c.req.query('next'));
  });

  app.post('/login', async (c) => {
    const form = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>);
    const str = (k: string) => (typeof form[k] === 'string' ? (form[k] as string) : undefined);
    if (!loginCsrfMatches(c, str(CSRF_FIELD))) {
      return loginForm(c, 403, 'Biểu mẫu đã cũ hoặc không hợp lệ (thiếu mã chống giả mạo): hãy thử lại.', str('next'));
    }
    const client = deps.clientAddress?.(c) ?? 'unknown';
    const wait = logins.blocked(client);
    if (wait !== null) {
      const seconds = Math.max(1, Math.ceil(wait));
      c.header('Retry-After', String(seconds));
      return loginForm(c, 429, `Đăng nhập sai quá ${logins.perMinute} lần trong một phút từ địa chỉ này: hãy thử lại sau ${seconds} giây.`, str('next'));
    }
    const key = (str('key') ?? '').trim();
    const who = key ? await identify(key) : null;
    if (!who) {
      logins.fail(client);
      return loginForm(c, 401, 'Khóa API không đúng hoặc đã bị thu hồi.', str('next'));
    }
    await openSession(c, store, who);
    return c.redirect(localPath(str('next')), 303);
  });

  // every other page: a session, and for forms its CSRF token
  app.use('*', async (c, next) => {
    // the sub-app's middleware sees every path the API did not answer: only pages are its business
    if (!isWebPath(c.req.path) || c.req.path.startsWith('/assets/') || c.req.path === '/login') return next();
    const s = await readSession(c, store, { configAdmin: !!deps.access?.adminKey });
    if (!s) {
      if (c.req.method === 'GET' || c.req.method === 'HEAD') {
        const here = new URL(c.req.url);
        return c.redirect(`/login?next=${encodeURIComponent(here.pathname + here.search)}`, 303);
      }
      return errorPage(c, 403, 'Chưa đăng nhập, hoặc phiên đã hết hạn: hãy đăng nhập lại.', null);
    }
    c.set('session', s);
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD') {
      const form = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>);
      const token = typeof form[CSRF_FIELD] === 'string' ? (form[CSRF_FIELD] as string) : c.req.header('x-csrf-token');
      if (!csrfMatches(s, token)) return errorPage(c, 403, 'Yêu cầu bị từ chối: thiếu hoặc sai mã chống giả mạo (CSRF). Hãy tải lại trang và thử lại.', s);
    }
    return next();
  });

  app.post('/logout', async (c) => {
    await closeSession(c, store, c.get('session'));
    return c.redirect('/login', 303);
  });

  app.get('/', (c) => c.redirect('/documents', 302));

  app.get('/upload', (c) => render(c, 200, 'Tải lên', uploadPage(deps.pipeline.limits.maxUploadBytes, c.get('session')), c.get('session'), 'upload'));

  const guarded = (fn: (c: Context<{ Variables: { session: Session } }>) => Promise<Response>) => async (c: Context<{ Variables: { session: Session } }>) => {
    try {
      return await fn(c);
    } catch (e) {
      if (e instanceof VanbanError && e.status < 500) return errorPage(c, e.status, e.message, c.get('session'));
      throw e;
    }
  };

  app.get('/documents', guarded(async (c) => {
    const q = c.req.query();
    const allowed = ['sort', 'order', 'kind', 'issuer', 'page'];
    const unknown = Object.keys(q).filter((k) => !allowed.includes(k));
    if (unknown.length) throw new VanbanError(400, 'unknown_parameter', `Tham số không hợp lệ: ${unknown.join(', ')}`);
    if (q.sort && !(DOCUMENT_SORTS as readonly string[]).includes(q.sort)) throw new VanbanError(400, 'bad_sort', `Cách sắp xếp không hợp lệ: ${q.sort.slice(0, 40)}`);
    if (q.order && q.order !== 'asc' && q.order !== 'desc') throw new VanbanError(400, 'bad_sort', 'Thứ tự phải là asc hoặc desc');
    const pageNo = pageNumber(q.page);
    const limit = 25;
    const filters = { doc_type: q.kind?.trim() || undefined, issuer: q.issuer?.trim().slice(0, 200) || undefined };
    const list = await store.listDocuments({ limit, offset: (pageNo - 1) * limit, ...filters, sort: q.sort as DocumentSort | undefined, order: q.order as 'asc' | 'desc' | undefined });
    return render(c, 200, 'Văn bản', documentsPage(list, { ...q, page: pageNo }), c.get('session'), 'documents');
  }));

  app.get('/documents/:id', guarded(async (c) => {
    const id = c.req.param('id') ?? '';
    if (!/^[0-9a-f]{16}$/.test(id)) throw new VanbanError(400, 'bad_id', 'Mã văn bản không hợp lệ.');
    const rec = await store.getRecord(id);
    if (!rec) throw new VanbanError(404, 'not_found', 'Không có văn bản này (có thể đã bị xóa).');
    const [lines, directives, history] = await Promise.all([
      store.getLines(id),
      store.listDirectives({ document: id }, { limit: 1000, offset: 0 }),
      store.listAudit({ document: id }, { limit: 50, offset: 0 }),
    ]);
    // each entry with its old -> new values (corrections)
    const edits = await store.listEdits(history.items.map((e) => e.id));
    const entries = history.items.map((e) => ({ ...e, changes: edits.get(e.id) ?? [] }));
    const s = c.get('session');
    return render(c, 200, rec.title ?? rec.doc, reviewPage({ rec, lines: lines ?? [], directives: directives.items, history: entries, canEdit: RANK[s.role] >= RANK.editor, saved: c.req.query('saved') === '1' }), s, 'documents');
  }));

  app.get('/search', guarded(async (c) => render(c, 200, 'Tìm kiếm', await searchPage(store, c.req.query()), c.get('session'), 'search')));

  app.get('/tasks', guarded(async (c) => {
    const s = c.get('session');
    return render(c, 200, 'Nhiệm vụ', await tasksPage(store, c.req.query(), { csrf: s.csrf, canEdit: RANK[s.role] >= RANK.editor, back: new URL(c.req.url).pathname + new URL(c.req.url).search }), s, 'tasks');
  }));

  app.post('/tasks/:id/status', guarded(async (c) => {
    const s = c.get('session');
    if (RANK[s.role] < RANK.editor) return errorPage(c, 403, `Khóa "${s.key_name}" chỉ có quyền xem: không đổi được trạng thái.`, s);
    const form = await c.req.parseBody();
    const status = String(form.status ?? '');
    if (!(DIRECTIVE_STATUSES as readonly string[]).includes(status)) throw new VanbanError(400, 'bad_status', 'Trạng thái không hợp lệ.');
    const note = String(form.note ?? '').trim().slice(0, 2000) || null;
    const id = c.req.param('id') ?? '';
    const d = await store.updateDirectiveStatus(id, { status: status as DirectiveStatus, note, actor: s.key_name });
    if (!d) throw new VanbanError(404, 'not_found', 'Không có nhiệm vụ này.');
    // the same audit row as PATCH /v1/directives/{id}
    await store.appendAudit({ key: s.key_name, action: `directive.status.${status}`, target: id, document_id: d.document_id, client: deps.clientAddress?.(c) ?? null, status: 200 });
    const back = localPath(typeof form.back === 'string' ? form.back : '/tasks');
    return c.redirect(back.startsWith('/tasks') ? back : '/tasks', 303);
  }));

  return app;
}

function pageNumber(raw: string | undefined): number {
  if (raw === undefined || raw === '') return 1;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 100_000) throw new VanbanError(400, 'bad_paging', 'Số trang phải là số nguyên từ 1.');
  return n;
}

export { pageNumber };

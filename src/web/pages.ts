// The pages' bodies. Every value goes through hono's html template, which escapes it; the only raw HTML
// is the search snippet, which the store builds HTML-escaped with <mark> around the matched words.
import { html, raw } from 'hono/html';
import type { DocumentSummaryT, NoticeRecordT, TextLineT } from '../record.js';
import { VanbanError } from '../errors.js';
import { DirectiveFilterQuery, DocumentFilterQuery, toDocumentFilters, toFilters } from '../store/filters.js';
import { highlight, words as searchWords } from '../store/search.js';
import type { AuditEntry, DirectiveFilters, DirectiveView, DocumentFilters, Page, Store } from '../store/types.js';
import { KIND_NAMES, qs, STATUS_NAMES, viDate, type Html } from './layout.js';

const today = () => new Date().toISOString().slice(0, 10);

function pager(base: Record<string, string | undefined>, pageNo: number, total: number, perPage: number, path: string): Html {
  const pages = Math.max(1, Math.ceil(total / perPage));
  if (pages <= 1) return html``;
  return html`<nav class="pager" aria-label="Phân trang">
${pageNo > 1 ? html`<a href="${path}${qs({ ...base, page: pageNo - 1 })}" rel="prev">← Trang trước</a>` : ''}
<span>Trang ${pageNo} / ${pages}</span>
${pageNo < pages ? html`<a href="${path}${qs({ ...base, page: pageNo + 1 })}" rel="next">Trang sau →</a>` : ''}
</nav>`;
}

// ---- upload
export function uploadPage(maxBytes: number, _session: unknown): Html {
  return html`<h1>Tải lên văn bản</h1>
<form id="upload-form" data-max="${maxBytes}" enctype="multipart/form-data">
<div id="drop" class="drop">
<label for="files">Chọn tệp (ảnh chụp, bản quét, PDF hoặc văn bản .txt)</label>
<input id="files" name="file" type="file" multiple accept="image/*,application/pdf,text/plain" capture="environment" aria-describedby="upload-help">
<p id="upload-help" class="muted">Có thể kéo thả nhiều tệp vào đây. Mỗi tệp tối đa ${Math.round(maxBytes / 1024 / 1024)} MB. Bản quét được đọc trong nền; trang này cho biết tiến độ.</p>
<noscript><p class="error">Trang tải lên cần bật JavaScript.</p></noscript>
<button type="submit">Tải lên</button>
</div>
</form>
<h2>Tệp đã gửi</h2>
<ul id="uploads" class="uploads" aria-live="polite"></ul>`;
}

// ---- documents
const SORT_LABELS: [string, string][] = [['date', 'Ngày'], ['doc_type', 'Loại'], ['number', 'Số hiệu'], ['issuer', 'Cơ quan ban hành'], ['directives', 'Nhiệm vụ']];

export function documentsPage(list: Page<DocumentSummaryT>, q: Record<string, string | number | undefined>): Html {
  const base = { sort: q.sort as string, order: q.order as string, kind: q.kind as string, issuer: q.issuer as string };
  const head = (key: string, label: string) => {
    const current = (q.sort ?? 'created') === key;
    const order = current && (q.order ?? (['date', 'directives'].includes(key) ? 'desc' : 'asc')) === 'asc' ? 'desc' : 'asc';
    const sortState = current ? ((q.order ?? (['date', 'directives'].includes(key) ? 'desc' : 'asc')) === 'asc' ? 'ascending' : 'descending') : undefined;
    return html`<th scope="col"${sortState ? html` aria-sort="${sortState}"` : ''}><a href="/documents${qs({ ...base, sort: key, order })}">${label}${current ? (sortState === 'ascending' ? ' ▲' : ' ▼') : ''}</a></th>`;
  };
  return html`<h1>Văn bản</h1>
<form class="filters" method="get" action="/documents" role="search" aria-label="Lọc văn bản">
<div class="field"><label for="f-kind">Loại văn bản</label><input id="f-kind" name="kind" type="text" value="${q.kind ?? ''}" placeholder="THÔNG BÁO"></div>
<div class="field"><label for="f-issuer">Cơ quan ban hành</label><input id="f-issuer" name="issuer" type="text" value="${q.issuer ?? ''}"></div>
<div class="field"><label for="f-sort">Sắp xếp</label><select id="f-sort" name="sort">
<option value="">Mới tải lên trước</option>
${SORT_LABELS.map(([k, l]) => html`<option value="${k}"${q.sort === k ? ' selected' : ''}>${l}</option>`)}
</select></div>
<button type="submit">Lọc</button> <a href="/documents">Bỏ lọc</a>
</form>
<p>${list.total} văn bản. <a href="/upload">Tải lên văn bản mới</a></p>
${list.items.length
  ? html`<table class="stack"><caption class="sr-only">Danh sách văn bản, bấm tiêu đề cột để sắp xếp</caption><thead><tr>
${head('date', 'Ngày')}${head('doc_type', 'Loại')}${head('number', 'Số hiệu')}<th scope="col">Trích yếu / tệp</th>${head('issuer', 'Cơ quan ban hành')}${head('directives', 'Nhiệm vụ')}
</tr></thead><tbody>
${list.items.map((d) => html`<tr>
<td data-label="Ngày">${viDate(d.date)}</td>
<td data-label="Loại">${d.doc_type ?? ''}</td>
<td data-label="Số hiệu">${d.number ?? ''}</td>
<td data-label="Văn bản"><a href="/documents/${d.id}">${d.title || d.doc}</a><div class="meta">${d.doc} · ${d.pages} trang</div></td>
<td data-label="Cơ quan">${d.issuer ?? ''}</td>
<td data-label="Nhiệm vụ" class="num">${d.directives}</td>
</tr>`)}
</tbody></table>`
  : html`<p class="muted">Chưa có văn bản nào khớp.</p>`}
${pager(base, Number(q.page ?? 1), list.total, list.limit, '/documents')}`;
}

// ---- review
/** The lines a directive's text spans, from its first line (up to the next directive, at most 15). */
function lineSpan(d: { line: number; text: string }, lines: TextLineT[], starts: Set<number>): [number, number] {
  const want = d.text.replace(/\s+/g, ' ').trim().length;
  let have = 0;
  let to = d.line;
  const byNo = new Map(lines.map((l) => [l.line, l]));
  for (let n = d.line; n < d.line + 15; n++) {
    const l = byNo.get(n);
    if (!l || (n > d.line && starts.has(n))) break;
    have += l.text.trim().length + 1;
    to = n;
    if (have >= want) break;
  }
  return [d.line, to];
}

export interface ReviewData {
  rec: NoticeRecordT;
  lines: TextLineT[];
  directives: DirectiveView[];
  history: AuditEntry[];
  canEdit: boolean;
  saved: boolean;
}

const KNOWN_AUDIT = new Set(['id', 'at', 'key', 'action', 'target', 'document_id', 'client', 'status']);
const change = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));

function historyList(entries: AuditEntry[]): Html {
  if (!entries.length) return html`<p class="muted">Chưa có thay đổi nào.</p>`;
  return html`<ol class="history" reversed>${entries.map((e) => {
    // fields beyond the audit row's own (e.g. old and new values of a correction) are shown as they come
    const extra = Object.entries(e).filter(([k, v]) => !KNOWN_AUDIT.has(k) && !(Array.isArray(v) && !v.length));
    return html`<li><time datetime="${e.at}">${e.at.replace('T', ' ').slice(0, 16)}</time> — <strong>${e.action}</strong>${e.target && e.target !== e.document_id ? html` (${e.target})` : ''} — ${e.key ?? ''}
${extra.length ? html`<ul>${extra.map(([k, v]) => historyDetail(k, v))}</ul>` : ''}</li>`;
  })}</ol>`;
}

const FIELD_NAMES: Record<string, string> = {
  issuer: 'cơ quan ban hành', number: 'số hiệu', date: 'ngày', title: 'trích yếu', doc_type: 'loại', text: 'nội dung',
  lead: 'chủ trì', cooperating: 'phối hợp', deadline: 'hạn', directive: 'nhiệm vụ',
};
/** 'document', '<doc>-<n>' or 'line:<n>' in words */
const targetName = (t: string | undefined) =>
  !t || t === 'document' ? '' : t.startsWith('line:') ? `dòng ${t.slice(5)}, ` : /-\d+$/.test(t) ? `nhiệm vụ ${t.replace(/^.*-/, '')}, ` : `${t}, `;

function historyDetail(k: string, v: unknown): Html {
  if (Array.isArray(v)) return html`${v.map((x) => historyDetail(k, x))}`;
  if (v && typeof v === 'object' && ('old' in v || 'new' in v)) {
    const o = v as { field?: string; target?: string; old?: unknown; new?: unknown };
    const shown = (x: unknown) =>
      x === null || x === undefined ? '(trống)' : typeof x === 'object' && 'date' in x ? viDate((x as { date: string }).date) || change(x) : change(x);
    return html`<li>${targetName(o.target)}${FIELD_NAMES[o.field ?? ''] ?? o.field ?? k}: <del>${shown(o.old)}</del> → <ins>${shown(o.new)}</ins></li>`;
  }
  return html`<li>${k}: ${change(v)}</li>`;
}

export function reviewPage(d: ReviewData): Html {
  const { rec, lines } = d;
  const views = new Map(d.directives.map((v) => [v.seq, v]));
  const starts = new Set(rec.directives.map((x) => x.line));
  const pages = [...new Set(lines.map((l) => l.page))].sort((a, b) => a - b);
  const field = (label: string, v: unknown) => (v === null || v === undefined || v === '' ? '' : html`<dt>${label}</dt><dd>${String(v)}</dd>`);
  return html`<div id="review" data-id="${rec.id}">
<h1>${rec.title ?? rec.doc}</h1>
${d.saved ? html`<p class="notice" role="status">Đã lưu thay đổi.</p>` : ''}
<p id="save-status" tabindex="-1" hidden></p>
<p class="meta"><a href="/v1/documents/${rec.id}/original">Tải tệp gốc</a> · <a href="/v1/documents/${rec.id}">Bản ghi JSON</a> · <a href="#history">Lịch sử</a></p>
<div class="review">
<div>
<figure id="pagefig" class="pagefig" hidden>
<figcaption id="pagelabel">Trang 1</figcaption>
<div id="pageframe" class="frame"><img id="pageimg" src="/v1/documents/${rec.id}/pages/1/image?width=1000" data-width="1000" alt="Ảnh trang văn bản gốc" decoding="async"></div>
</figure>
<h2>Nội dung (đã sửa dấu)</h2>
<p id="selection" class="sr-only" role="status" aria-live="polite"></p>
${pages.map((p) => html`${pages.length > 1 ? html`<h3>Trang ${p}</h3>` : ''}<ol class="lines">${lines.filter((l) => l.page === p).map((l) =>
    html`<li id="L${l.line}" data-page="${l.page}"><a class="ln" href="#L${l.line}" aria-label="Dòng ${l.line}">${l.line}</a><span class="t">${l.text}</span></li>`)}</ol>`)}
${d.canEdit ? html`<details><summary>Sửa một dòng</summary>
<form data-correct="line" class="formrow">
<div class="field"><label for="line-no">Dòng số</label><input id="line-no" name="line" type="number" min="1" max="${lines.length}" required></div>
<div class="field"><label for="line-text">Nội dung đúng</label><input id="line-text" name="text" type="text" required></div>
<button type="submit">Lưu dòng</button>
</form></details>` : ''}
</div>
<div class="record">
<h2>Thông tin văn bản</h2>
<dl>
${field('Loại', rec.doc_type)}${field('Số hiệu', rec.number)}${field('Cơ quan ban hành', rec.issuer)}${field('Ngày', viDate(rec.issued_date ?? rec.date))}
${field('Nơi ban hành', rec.place)}${field('Trích yếu', rec.subject)}
${field('Người ký', rec.signer ? [rec.signer.title, rec.signer.name].filter(Boolean).join(' ') : null)}
${field('Chữ ký số', rec.signature ? [rec.signature.signed_by, rec.signature.signed_at].filter(Boolean).join(' — ') : null)}
${field('Nơi nhận', rec.recipients.join('; '))}
</dl>
${d.canEdit ? html`<details><summary>Sửa cơ quan ban hành</summary>
<form data-correct="issuer" class="formrow">
<div class="field"><label for="issuer">Cơ quan ban hành</label><input id="issuer" name="issuer" type="text" value="${rec.issuer ?? ''}" required></div>
<button type="submit">Lưu</button></form></details>` : ''}
<h2>Nhiệm vụ (${rec.directives.length})</h2>
${rec.directives.length ? html`<p class="muted">Chọn một nhiệm vụ (bấm hoặc Enter) để tô sáng các dòng của nó.</p>` : html`<p class="muted">Không tìm thấy nhiệm vụ.</p>`}
<ol class="directives">
${rec.directives.map((x, i) => {
    const seq = i + 1;
    const v = views.get(seq);
    const [from, to] = lineSpan(x, lines, starts);
    const lead = x.assignees.find((a) => a.role === 'lead');
    const coop = x.assignees.filter((a) => a.role === 'cooperate');
    const overdue = v && v.status !== 'done' && x.deadline?.date && x.deadline.date < today();
    return html`<li data-seq="${seq}" data-from="${from}" data-to="${to}" data-page="${x.page}">
<button type="button" class="directive-pick" aria-pressed="false" aria-describedby="dmeta-${seq}">${x.section ? html`<strong>${x.section}</strong> ` : ''}${x.text}</button>
<div class="meta" id="dmeta-${seq}">Dòng ${from}${to > from ? `–${to}` : ''}
${lead ? html` · Chủ trì: <a href="/tasks${qs({ agency: lead.agency_id ?? lead.agency })}">${lead.agency}</a>` : ''}
${coop.length ? html` · Phối hợp: ${coop.map((a, k) => html`${k ? ', ' : ''}<a href="/tasks${qs({ agency: a.agency_id ?? a.agency })}">${a.agency}</a>`)}` : ''}
${x.deadline ? html` · Hạn: ${KIND_NAMES[x.deadline.kind] ?? x.deadline.kind} ${x.deadline.date ? viDate(x.deadline.date) : x.deadline.text}` : ''}
${v ? html` · <span class="badge ${v.status}">${STATUS_NAMES[v.status]}</span>` : ''}${overdue ? html` <span class="badge overdue">Quá hạn</span>` : ''}</div>
${d.canEdit ? html`<details><summary>Sửa nhiệm vụ ${seq}</summary>
<form data-correct="directive" data-id="${x.id ?? `${rec.id}-${seq}`}">
<div class="formrow"><div class="field"><label for="lead-${seq}">Cơ quan chủ trì</label><input id="lead-${seq}" name="lead" type="text" value="${lead?.agency ?? ''}"></div>
<div class="field"><label for="deadline-${seq}">Hạn (để trống: không hạn)</label><input id="deadline-${seq}" name="deadline" type="date" value="${x.deadline?.date ?? ''}"></div></div>
<label for="text-${seq}">Nội dung</label><textarea id="text-${seq}" name="text" rows="3">${x.text}</textarea>
<p><button type="submit">Lưu nhiệm vụ ${seq}</button></p>
</form></details>` : ''}
</li>`;
  })}
</ol>
${rec.statistics.length ? html`<h2>Số liệu</h2><ul>${rec.statistics.map((s) => html`<li><a href="#L${s.line}">${s.subject}: ${s.value}${s.of !== undefined ? `/${s.of}` : ''} ${s.unit}</a></li>`)}</ul>` : ''}
${rec.references.length ? html`<h2>Văn bản dẫn chiếu</h2><ul>${rec.references.map((r) => html`<li><a href="#L${r.line}">${r.kind} ${r.number ?? ''}</a>${r.date ? ` ngày ${viDate(r.date)}` : ''}${r.issuer ? ` của ${r.issuer}` : ''}</li>`)}</ul>` : ''}
<h2 id="history" tabindex="-1">Lịch sử thay đổi</h2>
${historyList(d.history)}
</div>
</div>
</div>`;
}

// ---- search
/** The task filters of the search form (`deadline_kind` is the deadline's kind; `kind` there is the notice's). */
const DIRECTIVE_FILTERS = ['agency', 'status', 'deadline_kind', 'overdue', 'due_after', 'due_before'] as const;
/** The notice filters of the search form, as GET /v1/search takes them. */
const DOCUMENT_FILTERS = ['kind', 'issuer', 'date_from', 'date_to'] as const;
/** The task filters of the tasks page, as GET /v1/directives takes them. */
const TASK_FILTERS = ['agency', 'status', 'kind', 'overdue', 'due_after', 'due_before'] as const;

function directiveFilterFields(q: Record<string, string>): Html {
  return html`<div class="field"><label for="f-agency">Cơ quan</label><input id="f-agency" name="agency" type="text" value="${q.agency ?? ''}" placeholder="so tai chinh"></div>
<div class="field"><label for="f-status">Trạng thái</label><select id="f-status" name="status"><option value="">Tất cả</option>
${Object.entries(STATUS_NAMES).map(([k, l]) => html`<option value="${k}"${q.status === k ? ' selected' : ''}>${l}</option>`)}</select></div>
<div class="field"><label for="f-deadline-kind">Loại hạn</label><select id="f-deadline-kind" name="deadline_kind"><option value="">Tất cả</option>
${Object.entries(KIND_NAMES).map(([k, l]) => html`<option value="${k}"${q.deadline_kind === k ? ' selected' : ''}>${l}</option>`)}</select></div>
<div class="field"><label for="f-after">Hạn từ ngày</label><input id="f-after" name="due_after" type="date" value="${q.due_after ?? ''}"></div>
<div class="field"><label for="f-before">Đến ngày</label><input id="f-before" name="due_before" type="date" value="${q.due_before ?? ''}"></div>
<div class="field check"><input id="f-overdue" name="overdue" type="checkbox" value="true"${q.overdue === 'true' ? ' checked' : ''}><label for="f-overdue">Chỉ quá hạn</label></div>`;
}

function documentFilterFields(q: Record<string, string>): Html {
  return html`<div class="field"><label for="f-doc-kind">Loại văn bản</label><input id="f-doc-kind" name="kind" type="text" value="${q.kind ?? ''}" placeholder="thong bao"></div>
<div class="field"><label for="f-issuer">Cơ quan ban hành</label><input id="f-issuer" name="issuer" type="text" value="${q.issuer ?? ''}" placeholder="uy ban nhan dan xa"></div>
<div class="field"><label for="f-date-from">Ngày văn bản từ</label><input id="f-date-from" name="date_from" type="date" value="${q.date_from ?? ''}"></div>
<div class="field"><label for="f-date-to">Đến ngày</label><input id="f-date-to" name="date_to" type="date" value="${q.date_to ?? ''}"></div>`;
}

/** Field names in words, for the messages of a refused filter. */
const PARAM_NAMES: Record<string, string> = {
  q: 'Từ khóa', agency: 'Cơ quan', status: 'Trạng thái', kind: 'Loại', deadline_kind: 'Loại hạn', overdue: 'Chỉ quá hạn',
  due_after: 'Hạn từ ngày', due_before: 'Hạn đến ngày', issuer: 'Cơ quan ban hành', date_from: 'Ngày văn bản từ', date_to: 'Ngày văn bản đến',
};

const refused = (issues: { path: PropertyKey[]; message: string }[], rename: Record<string, string> = {}) =>
  new VanbanError(400, 'bad_request', issues.map((i) => {
    const k = String(i.path[0] ?? '');
    const name = rename[k] ?? k;
    return `${PARAM_NAMES[name] ?? name} (${name}): ${i.message.replace(new RegExp(`^${k}\\b`), name)}`;
  }).join('; '));

/** The directive filters of a query (given under `names`, read as the API's), checked as the API checks them. */
function directiveFilters(q: Record<string, string>, names: readonly string[] = TASK_FILTERS) {
  const picked: Record<string, string> = {};
  const rename: Record<string, string> = {};
  for (const k of [...names, 'q']) {
    const v = q[k];
    if (v === undefined || v === '') continue;
    const api = k === 'deadline_kind' ? 'kind' : k;
    picked[api] = v;
    rename[api] = k;
  }
  const parsed = DirectiveFilterQuery.safeParse(picked);
  if (!parsed.success) throw refused(parsed.error.issues, rename);
  return { query: parsed.data, filters: toFilters(parsed.data) };
}

/** The notice filters of a query, checked as GET /v1/search checks them. */
function documentFilters(q: Record<string, string>): DocumentFilters | undefined {
  const picked = Object.fromEntries(DOCUMENT_FILTERS.filter((k) => q[k] !== undefined && q[k] !== '').map((k) => [k, q[k]]));
  if (!Object.keys(picked).length) return undefined;
  const parsed = DocumentFilterQuery.safeParse(picked);
  if (!parsed.success) throw refused(parsed.error.issues);
  try {
    return toDocumentFilters(parsed.data);
  } catch (e) {
    if (e instanceof VanbanError) throw new VanbanError(400, e.code, `Ngày văn bản từ (date_from) ${viDate(parsed.data.date_from)} sau ngày văn bản đến (date_to) ${viDate(parsed.data.date_to)}.`);
    throw e;
  }
}

function directiveRow(v: DirectiveView, words?: string): Html {
  const lead = v.assignees.find((a) => a.role === 'lead');
  const overdue = v.status !== 'done' && v.deadline?.date && v.deadline.date < today();
  // the searched words marked in the task's text, as in the full-text results
  const text = words ? raw(highlight(v.text, words, 100_000).snippet) : v.text;
  return html`<a href="/documents/${v.document_id}#L${v.line}">${text}</a>
<div class="meta">${v.document.doc_type ?? ''} ${v.document.number ?? ''} — ${v.document.title ?? v.document.doc}
${lead ? html` · Chủ trì: ${lead.agency}` : ''}${v.deadline ? html` · Hạn: ${v.deadline.date ? viDate(v.deadline.date) : v.deadline.text}` : ''}
 · <span class="badge ${v.status}">${STATUS_NAMES[v.status]}</span>${overdue ? html` <span class="badge overdue">Quá hạn</span>` : ''}</div>`;
}

export async function searchPage(store: Store, q: Record<string, string>): Promise<Html> {
  const allowed = ['q', 'in', 'page', ...DIRECTIVE_FILTERS, ...DOCUMENT_FILTERS];
  const unknown = Object.keys(q).filter((k) => !allowed.includes(k));
  if (unknown.length) throw new VanbanError(400, 'unknown_parameter', `Tham số không hợp lệ: ${unknown.join(', ')}`);
  const words = (q.q ?? '').trim();
  const scope = q.in === 'lines' || q.in === 'directives' ? q.in : 'all';
  const pageNo = q.page ? Math.max(1, Math.min(1000, Number.parseInt(q.page, 10) || 1)) : 1;
  const limit = 20;
  const useFilters = DIRECTIVE_FILTERS.some((k) => q[k]);
  const documents = documentFilters(q);
  let results: Html = html``;
  if (words || useFilters || documents) {
    if (useFilters || !words) {
      // task filters (or notice filters without words): the tasks that match, by deadline
      const { filters } = directiveFilters(q, DIRECTIVE_FILTERS);
      const page = await store.listDirectives({ ...filters, documents }, { limit, offset: (pageNo - 1) * limit });
      results = html`<p role="status">${page.total}${page.total_is_estimate ? '+' : ''} nhiệm vụ khớp.</p>
<ol class="results">${page.items.map((v) => html`<li>${directiveRow(v, words || undefined)}</li>`)}</ol>
${pagerFrom(q, pageNo, page.total, limit, '/search')}`;
    } else {
      if (!searchWords(words).length) throw new VanbanError(400, 'empty_query', 'Hãy nhập chữ hoặc số để tìm.');
      const page = await store.search(words.slice(0, 500), { limit, offset: (pageNo - 1) * limit, scope, documents });
      results = html`<p role="status">${page.total}${page.total_is_estimate ? '+' : ''} kết quả${page.match === 'any' ? ' (không có kết quả chứa đủ mọi từ: hiện các kết quả chứa một phần)' : ''}.</p>
<ol class="results">${page.items.map((h) => html`<li><a href="/documents/${h.document_id}#L${h.line}">${raw(h.snippet || escapeText(h.text))}</a>
<div class="meta">${h.kind === 'directive' ? 'Nhiệm vụ' : 'Dòng'} ${h.line} · trang ${h.page}</div></li>`)}</ol>
${pagerFrom(q, pageNo, page.total, limit, '/search')}`;
    }
  }
  const docOpen = DOCUMENT_FILTERS.some((k) => q[k]);
  return html`<h1>Tìm kiếm</h1>
<form class="filters" method="get" action="/search" role="search">
<div class="field"><label for="q">Từ khóa (gõ có dấu hay không dấu đều được)</label><input id="q" name="q" type="search" value="${words}" size="40" autofocus></div>
<div class="field"><label for="in">Tìm trong</label><select id="in" name="in">
<option value="all"${scope === 'all' ? ' selected' : ''}>Nội dung và nhiệm vụ</option>
<option value="lines"${scope === 'lines' ? ' selected' : ''}>Nội dung văn bản</option>
<option value="directives"${scope === 'directives' ? ' selected' : ''}>Nhiệm vụ</option></select></div>
<button type="submit">Tìm</button>
<details${docOpen ? ' open' : ''}><summary>Lọc văn bản (loại, cơ quan ban hành, ngày)</summary><div class="filters">${documentFilterFields(q)}</div></details>
<details${useFilters ? ' open' : ''}><summary>Lọc nhiệm vụ</summary><div class="filters">${directiveFilterFields(q)}</div></details>
</form>
${results}`;
}

const escapeText = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function pagerFrom(q: Record<string, string>, pageNo: number, total: number, limit: number, path: string): Html {
  const { page: _p, ...rest } = q;
  return pager(rest, pageNo, total, limit, path);
}

// ---- tasks
/**
 * A page of the tasks not done (by deadline: the overdue ones, being the earliest, lead; undated last),
 * followed by the done ones (by deadline): two reads on the deadline indexes rather than one sort of all rows.
 */
async function activeFirst(store: Store, filters: DirectiveFilters, limit: number, offset: number): Promise<Page<DirectiveView>> {
  const active = await store.listDirectives({ ...filters, active: true }, { limit, offset });
  // more than the count cap still to do: their pages come first, and go on past it
  if (active.total_is_estimate) return active;
  const room = limit - active.items.length;
  const done = await store.listDirectives({ ...filters, active: false, status: 'done' }, { limit: Math.max(1, room), offset: Math.max(0, offset - active.total) });
  return {
    items: [...active.items, ...(room > 0 ? done.items : [])],
    total: active.total + done.total,
    limit,
    offset,
    ...(done.total_is_estimate ? { total_is_estimate: true } : {}),
  };
}

export async function tasksPage(store: Store, q: Record<string, string>, opts: { csrf: string; canEdit: boolean; back: string }): Promise<Html> {
  const allowed = ['q', 'page', ...TASK_FILTERS];
  const unknown = Object.keys(q).filter((k) => !allowed.includes(k));
  if (unknown.length) throw new VanbanError(400, 'unknown_parameter', `Tham số không hợp lệ: ${unknown.join(', ')}`);
  const { query, filters } = directiveFilters(q);
  const pageNo = q.page ? Math.max(1, Math.min(100_000, Number.parseInt(q.page, 10) || 1)) : 1;
  const limit = 50;
  // the "all" tab: tasks still to do first (overdue ones lead, being the earliest), done ones after them
  const allTab = !filters.status;
  const [page, agencies] = await Promise.all([
    allTab ? activeFirst(store, filters, limit, (pageNo - 1) * limit) : store.listDirectives(filters, { limit, offset: (pageNo - 1) * limit }),
    store.listAgencies({ limit: 100, offset: 0 }),
  ]);
  const exportQs = qs(query as Record<string, string>);
  const { status: _s, page: _p, ...noStatus } = q;
  const tab = (status: string, label: string) =>
    html`<li><a href="/tasks${qs({ ...noStatus, status })}"${(q.status ?? '') === status ? html` aria-current="page"` : ''}>${label}</a></li>`;
  return html`<h1>Nhiệm vụ</h1>
<ul class="tabs" aria-label="Theo trạng thái">${tab('', 'Tất cả')}${Object.entries(STATUS_NAMES).map(([k, l]) => tab(k, l))}</ul>
<form class="filters" method="get" action="/tasks" aria-label="Lọc nhiệm vụ">
${q.status ? html`<input type="hidden" name="status" value="${q.status}">` : ''}
<div class="field"><label for="t-q">Nội dung</label><input id="t-q" name="q" type="search" value="${q.q ?? ''}"></div>
<div class="field"><label for="t-agency">Cơ quan</label><input id="t-agency" name="agency" type="text" list="agency-list" value="${q.agency ?? ''}">
<datalist id="agency-list">${agencies.items.map((a) => html`<option value="${a.id}">${a.name} (${a.open} chưa xong)</option>`)}</datalist></div>
<div class="field"><label for="t-kind">Loại hạn</label><select id="t-kind" name="kind"><option value="">Tất cả</option>
${Object.entries(KIND_NAMES).map(([k, l]) => html`<option value="${k}"${q.kind === k ? ' selected' : ''}>${l}</option>`)}</select></div>
<div class="field"><label for="t-after">Hạn từ ngày</label><input id="t-after" name="due_after" type="date" value="${q.due_after ?? ''}"></div>
<div class="field"><label for="t-before">Đến ngày</label><input id="t-before" name="due_before" type="date" value="${q.due_before ?? ''}"></div>
<div class="field check"><input id="t-overdue" name="overdue" type="checkbox" value="true"${q.overdue === 'true' ? ' checked' : ''}><label for="t-overdue">Chỉ quá hạn</label></div>
<button type="submit">Lọc</button> <a href="/tasks">Bỏ lọc</a>
</form>
<p>${page.total}${page.total_is_estimate ? '+' : ''} nhiệm vụ${allTab
    ? ': việc chưa xong (chưa thực hiện, đang thực hiện) trước, quá hạn đầu tiên rồi theo hạn, không hạn sau cùng; việc đã hoàn thành xếp sau.'
    : ', hạn sớm nhất (quá hạn) trước, không hạn cuối cùng.'}
Xuất theo bộ lọc này: <a class="button secondary" href="/v1/directives.csv${exportQs}" download>CSV</a>
<a class="button secondary" href="/v1/directives.ics${exportQs}" download>Lịch (ICS)</a>
<a class="button secondary" href="/v1/directives.json${exportQs}" download>JSON</a></p>
${page.items.length
  ? html`<table class="stack"><thead><tr><th scope="col">Hạn</th><th scope="col">Nhiệm vụ</th><th scope="col">Cơ quan</th><th scope="col">Trạng thái</th></tr></thead><tbody>
${page.items.map((v) => {
    const overdue = v.status !== 'done' && v.deadline?.date && v.deadline.date < today();
    const lead = v.assignees.filter((a) => a.role === 'lead');
    const coop = v.assignees.filter((a) => a.role === 'cooperate');
    return html`<tr id="task-${v.id}">
<td data-label="Hạn">${v.deadline ? (v.deadline.date ? viDate(v.deadline.date) : v.deadline.text) : html`<span class="muted">không hạn</span>`}${overdue ? html` <span class="badge overdue">Quá hạn</span>` : ''}</td>
<td data-label="Nhiệm vụ"><a href="/documents/${v.document_id}#L${v.line}">${v.text}</a><div class="meta">${v.document.doc_type ?? ''} ${v.document.number ?? ''} — ${v.document.title ?? v.document.doc}</div></td>
<td data-label="Cơ quan">${lead.map((a) => html`<a href="/tasks${qs({ agency: a.agency_id })}">${a.agency}</a> (chủ trì)<br>`)}${coop.map((a) => html`<a href="/tasks${qs({ agency: a.agency_id })}">${a.agency}</a><br>`)}</td>
<td data-label="Trạng thái"><span class="badge ${v.status}">${STATUS_NAMES[v.status]}</span>${v.status_note ? html`<div class="meta">${v.status_note}</div>` : ''}
${opts.canEdit ? html`<form method="post" action="/tasks/${v.id}/status" class="status-form">
<input type="hidden" name="_csrf" value="${opts.csrf}"><input type="hidden" name="back" value="${opts.back}">
<label class="sr-only" for="st-${v.id}">Trạng thái mới</label>
<select id="st-${v.id}" name="status">${Object.entries(STATUS_NAMES).map(([k, l]) => html`<option value="${k}"${v.status === k ? ' selected' : ''}>${l}</option>`)}</select>
<label class="sr-only" for="note-${v.id}">Ghi chú</label><input id="note-${v.id}" name="note" type="text" placeholder="Ghi chú" maxlength="2000">
<button type="submit">Cập nhật</button></form>` : ''}</td>
</tr>`;
  })}
</tbody></table>`
  : html`<p class="muted">Không có nhiệm vụ nào khớp.</p>`}
${pagerFrom(q, pageNo, page.total, limit, '/tasks')}`;
}

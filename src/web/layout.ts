// The page shell: header with navigation, the CSRF token for the script, one stylesheet and one script.
import { html } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import { ASSETS } from './assets.js';

export type Html = HtmlEscapedString | Promise<HtmlEscapedString>;

export interface Shell {
  title: string;
  /** the nav entry to mark current */
  nav?: 'upload' | 'documents' | 'search' | 'tasks';
  session?: { key_name: string; role: string; csrf: string } | null;
  body: Html;
}

const NAV: [NonNullable<Shell['nav']>, string, string][] = [
  ['documents', '/documents', 'Văn bản'],
  ['upload', '/upload', 'Tải lên'],
  ['search', '/search', 'Tìm kiếm'],
  ['tasks', '/tasks', 'Nhiệm vụ'],
];

export const ROLE_NAMES: Record<string, string> = { reader: 'chỉ xem', editor: 'biên tập', admin: 'quản trị' };

export function page(s: Shell): Html {
  const session = s.session;
  return html`<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${s.title} — vanban</title>
${session ? html`<meta name="csrf-token" content="${session.csrf}">` : ''}
<link rel="stylesheet" href="${ASSETS.css.href}">
<script src="${ASSETS.js.href}" defer></script>
</head>
<body>
<a class="skip" href="#main">Bỏ qua, tới nội dung chính</a>
<header class="top">
<a class="brand" href="/">vanban</a>
${session
  ? html`<nav class="main" aria-label="Chính"><ul>${NAV.map(([id, href, label]) =>
      html`<li><a href="${href}"${s.nav === id ? html` aria-current="page"` : ''}>${label}</a></li>`)}</ul></nav>
<form method="post" action="/logout"><span class="who">${session.key_name} (${ROLE_NAMES[session.role] ?? session.role})</span>
<input type="hidden" name="_csrf" value="${session.csrf}"> <button type="submit">Đăng xuất</button></form>`
  : ''}
</header>
<main id="main" tabindex="-1">
${s.body}
</main>
</body>
</html>`;
}

/** Query string from the entries that have a value. */
export function qs(params: Record<string, string | number | undefined | null | false>): string {
  const u = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '' && v !== false) u.set(k, String(v));
  const s = u.toString();
  return s ? `?${s}` : '';
}

export const STATUS_NAMES: Record<string, string> = { open: 'Chưa thực hiện', in_progress: 'Đang thực hiện', done: 'Hoàn thành' };
export const KIND_NAMES: Record<string, string> = {
  before: 'trước ngày', by_end_of: 'trong thời hạn', no_later_than: 'chậm nhất', on: 'vào ngày', recurring: 'định kỳ',
};

/** dd/mm/yyyy from YYYY-MM-DD (the form Vietnamese notices use). */
export function viDate(iso: string | null | undefined): string {
  if (!iso) return '';
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  return m ? `${m[3]}/${m[2]}/${m[1]}` : iso;
}

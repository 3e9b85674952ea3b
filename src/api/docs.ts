// API reference: the OpenAPI 3.1 document and a small self-contained page that renders it.
// The page needs no network (Swagger UI would load its scripts from a CDN): it reads /v1/openapi.json
// and lists every operation with its parameters, body and responses, with a form to try GET routes.
import type { OpenAPIHono } from '@hono/zod-openapi';

export const OPENAPI_PATH = '/v1/openapi.json';

/** publicUrl (VANBAN_PUBLIC_URL): the document's one server; without it clients use the origin they fetched it from. */
export function registerDocs(app: OpenAPIHono, version: string, publicUrl?: string) {
  app.openAPIRegistry.registerComponent('securitySchemes', 'apiKey', {
    type: 'http',
    scheme: 'bearer',
    description: 'An API key from `vanban keys create`; roles reader < editor < admin (see docs/security.md)',
  });
  app.doc31(OPENAPI_PATH, {
    // every route but /healthz, /docs and this document needs a key (reads not, with VANBAN_PUBLIC_READ=true)
    security: [{ apiKey: [] }],
    openapi: '3.1.0',
    ...(publicUrl ? { servers: [{ url: publicUrl }] } : {}),
    info: {
      title: 'vanban',
      version,
      description:
        'Reads Vietnamese administrative notices (text, PDF, scans), extracts directives (tasks, assignees, deadlines) ' +
        'and serves search, tracking and exports. Errors are JSON {error: {code, message}}. Send an API key as ' +
        '`Authorization: Bearer KEY`: reads need a reader key, writes an editor key, webhooks and the audit trail an admin key.',
    },
    tags: [
      { name: 'documents', description: 'upload and read notices' },
      { name: 'search', description: 'full-text search' },
      { name: 'directives', description: 'directives and their tracking status' },
      { name: 'agencies', description: 'agencies named as assignees' },
      { name: 'exports', description: 'CSV, iCalendar and JSON for tracking tools' },
      { name: 'webhooks', description: 'notifications when a notice is stored' },
      { name: 'service', description: 'health and reference' },
    ],
  });
  app.get('/docs', (c) => c.html(DOCS_PAGE));
}

const DOCS_PAGE = `<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>vanban API</title>
<style>
body{font:15px/1.45 system-ui,sans-serif;margin:0 auto;max-width:72rem;padding:1rem 1.5rem;color:#1b1f24}
h1{margin:.2rem 0}h2{border-bottom:1px solid #d0d7de;padding-bottom:.2rem;margin-top:2rem;text-transform:capitalize}
details{border:1px solid #d0d7de;border-radius:6px;margin:.4rem 0;padding:.3rem .6rem}
summary{cursor:pointer}code,pre{font:13px ui-monospace,monospace}pre{background:#f6f8fa;padding:.5rem;overflow:auto;max-height:24rem}
.m{display:inline-block;min-width:4.2rem;font-weight:600;text-transform:uppercase}
.get{color:#0969da}.post{color:#1a7f37}.patch{color:#9a6700}.delete{color:#cf222e}
table{border-collapse:collapse}td,th{border:1px solid #d0d7de;padding:.2rem .5rem;text-align:left;vertical-align:top}
input{font:inherit;width:14rem}
</style></head><body>
<h1>vanban API</h1><p>Generated from <a href="${OPENAPI_PATH}"><code>${OPENAPI_PATH}</code></a> (OpenAPI 3.1).</p>
<p><label>API key for the tries below <input id="apikey" type="password" autocomplete="off"></label> (sent as <code>Authorization: Bearer</code>, kept only in this page)</p>
<div id="root">Loading…</div>
<script>
const esc = (s) => String(s ?? '').replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);
fetch('${OPENAPI_PATH}').then((r) => r.json()).then((spec) => {
  const groups = {};
  for (const [path, ops] of Object.entries(spec.paths || {})) {
    for (const [method, op] of Object.entries(ops)) {
      const tag = (op.tags && op.tags[0]) || 'other';
      (groups[tag] = groups[tag] || []).push({ path, method, op });
    }
  }
  const out = [];
  if (spec.info && spec.info.description) out.push('<p>' + esc(spec.info.description) + '</p>');
  for (const [tag, list] of Object.entries(groups)) {
    out.push('<h2>' + esc(tag) + '</h2>');
    for (const { path, method, op } of list) {
      const params = op.parameters || [];
      let h = '<details><summary><span class="m ' + method + '">' + method + '</span> <code>' + esc(path) + '</code> ' + esc(op.summary) + '</summary>';
      if (op.description) h += '<p>' + esc(op.description) + '</p>';
      if (params.length) {
        h += '<table><tr><th>parameter</th><th>in</th><th>schema</th><th>description</th></tr>';
        for (const p of params) h += '<tr><td><code>' + esc(p.name) + '</code>' + (p.required ? ' *' : '') + '</td><td>' + esc(p.in) + '</td><td><code>' + esc(JSON.stringify(p.schema)) + '</code></td><td>' + esc(p.description || (p.schema && p.schema.description)) + '</td></tr>';
        h += '</table>';
      }
      if (op.requestBody) h += '<p>Request body:</p><pre>' + esc(JSON.stringify(op.requestBody.content, null, 1)) + '</pre>';
      h += '<p>Responses:</p><pre>' + esc(JSON.stringify(op.responses, null, 1)) + '</pre>';
      if (method === 'get') {
        h += '<form data-path="' + esc(path) + '">';
        for (const p of params) h += '<label>' + esc(p.name) + ' <input name="' + esc(p.name) + '" data-in="' + esc(p.in) + '"></label> ';
        h += '<button>Try</button><pre hidden></pre></form>';
      }
      out.push(h + '</details>');
    }
  }
  out.push('<h2>Schemas</h2><pre>' + esc(JSON.stringify((spec.components || {}).schemas, null, 1)) + '</pre>');
  document.getElementById('root').innerHTML = out.join('');
  document.querySelectorAll('form').forEach((f) => f.addEventListener('submit', async (e) => {
    e.preventDefault();
    let path = f.dataset.path;
    const qs = new URLSearchParams();
    f.querySelectorAll('input').forEach((i) => {
      if (!i.value) return;
      if (i.dataset.in === 'path') path = path.replace('{' + i.name + '}', encodeURIComponent(i.value));
      else qs.set(i.name, i.value);
    });
    const key = document.getElementById('apikey').value.trim();
    const res = await fetch(path + (qs.size ? '?' + qs : ''), { headers: key ? { authorization: 'Bearer ' + key } : {} });
    const pre = f.querySelector('pre');
    pre.hidden = false;
    pre.textContent = res.status + ' ' + res.headers.get('content-type') + '\\n\\n' + (await res.text()).slice(0, 20000);
  }));
}).catch((e) => { document.getElementById('root').textContent = 'Could not load the spec: ' + e; });
</script></body></html>`;

// The one script of the web app (plain ES2017, no framework): upload progress and job polling, directive
// selection on the review page (lines highlighted, the place drawn on the page image), unsure words, and
// the correction forms (PATCH calls with the page's CSRF token). Pages work without it except these parts.
export const SCRIPT = String.raw`(function () {
'use strict';
var meta = document.querySelector('meta[name="csrf-token"]');
var CSRF = meta ? meta.getAttribute('content') : '';
function $(sel, root) { return (root || document).querySelector(sel); }
function $$(sel, root) { return Array.prototype.slice.call((root || document).querySelectorAll(sel)); }
function el(tag, attrs, text) {
  var e = document.createElement(tag);
  for (var k in attrs || {}) e.setAttribute(k, attrs[k]);
  if (text != null) e.textContent = text;
  return e;
}
function errorText(status, body, fallback) {
  if (body && body.error && body.error.message) return body.error.message;
  if (status === 413) return 'Tệp quá lớn.';
  if (status === 401) return 'Phiên đăng nhập đã hết hạn: hãy đăng nhập lại.';
  return fallback || ('Lỗi ' + status);
}
function api(method, url, body) {
  var headers = { 'Accept': 'application/json' };
  if (method !== 'GET') headers['X-CSRF-Token'] = CSRF;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  return fetch(url, { method: method, headers: headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: 'same-origin' })
    .then(function (r) {
      return r.text().then(function (t) {
        var j = null;
        try { j = t ? JSON.parse(t) : null; } catch (e) { j = null; }
        return { ok: r.ok, status: r.status, body: j };
      });
    });
}

// ---- upload
var STAGES = { queued: 'đang chờ', running: 'đang đọc', ocr: 'nhận dạng chữ', preprocess: 'xử lý ảnh', repair: 'sửa dấu', extract: 'trích xuất', store: 'lưu' };
var MAX = 0;
function uploadFile(file, list) {
  var li = el('li', { 'class': 'upload' });
  var name = el('strong', null, file.name || 'tệp');
  var bar = el('progress', { max: '100', value: '0', 'aria-label': 'Tiến độ tải lên ' + (file.name || '') });
  var state = el('div', { 'class': 'state', role: 'status' }, 'Đang tải lên…');
  li.appendChild(name); li.appendChild(bar); li.appendChild(state);
  list.appendChild(li);
  function fail(msg) { li.classList.add('failed'); bar.hidden = true; state.textContent = 'Lỗi: ' + msg; }
  function done(id) {
    bar.value = 100; li.classList.add('done');
    state.textContent = 'Xong. ';
    var a = el('a', { href: '/documents/' + id }, 'Mở văn bản');
    state.appendChild(a);
  }
  if (file.size === 0) { fail('tệp rỗng (0 byte).'); return; }
  if (MAX && file.size > MAX) { fail('tệp quá lớn (' + Math.round(file.size / 1024) + ' KB; tối đa ' + Math.round(MAX / 1024) + ' KB).'); return; }
  var fd = new FormData();
  fd.append('file', file, file.name);
  var xhr = new XMLHttpRequest();
  xhr.open('POST', '/v1/documents');
  xhr.setRequestHeader('X-CSRF-Token', CSRF);
  xhr.setRequestHeader('Accept', 'application/json');
  xhr.upload.onprogress = function (e) {
    if (e.lengthComputable) { bar.value = Math.round(e.loaded / e.total * 100); state.textContent = 'Đang tải lên… ' + bar.value + '%'; }
  };
  xhr.onerror = function () { fail('mất kết nối tới máy chủ.'); };
  xhr.onload = function () {
    var body = null;
    try { body = JSON.parse(xhr.responseText); } catch (e) { body = null; }
    if (xhr.status === 200 || xhr.status === 201) { done(body.id); return; }
    if (xhr.status === 202 && body && body.job) { bar.removeAttribute('value'); poll(body.job.id); return; }
    fail(errorText(xhr.status, body));
  };
  function poll(jobId) {
    api('GET', '/v1/jobs/' + jobId).then(function (r) {
      if (!r.ok) { fail(errorText(r.status, r.body)); return; }
      var j = r.body;
      if (j.state === 'done') { done(j.document_id); return; }
      if (j.state === 'failed') { fail(j.error ? j.error.message : 'không đọc được tệp.'); return; }
      var stage = STAGES[j.stage] || STAGES[j.state] || j.stage || j.state;
      var pages = j.pages_total ? ' — trang ' + j.pages_done + '/' + j.pages_total : '';
      if (j.pages_total) { bar.max = j.pages_total; bar.value = j.pages_done; }
      state.textContent = 'Đang xử lý: ' + stage + pages;
      setTimeout(function () { poll(jobId); }, 700);
    }, function () { setTimeout(function () { poll(jobId); }, 2000); });
  }
  xhr.send(fd);
}
var up = $('#upload-form');
if (up) {
  MAX = Number(up.getAttribute('data-max') || 0);
  var input = $('#files');
  var list = $('#uploads');
  var drop = $('#drop');
  var send = function (files) { for (var i = 0; i < files.length; i++) uploadFile(files[i], list); };
  up.addEventListener('submit', function (e) { e.preventDefault(); send(input.files); input.value = ''; });
  input.addEventListener('change', function () { if (input.files.length) { send(input.files); input.value = ''; } });
  ['dragenter', 'dragover'].forEach(function (t) { drop.addEventListener(t, function (e) { e.preventDefault(); drop.classList.add('over'); }); });
  ['dragleave', 'drop'].forEach(function (t) { drop.addEventListener(t, function (e) { e.preventDefault(); drop.classList.remove('over'); }); });
  drop.addEventListener('drop', function (e) { if (e.dataTransfer && e.dataTransfer.files.length) send(e.dataTransfer.files); });
}

// ---- review
var review = $('#review');
if (review) {
  var docId = review.getAttribute('data-id');
  var fig = $('#pagefig');
  var img = $('#pageimg');
  var frame = $('#pageframe');
  var pageLabel = $('#pagelabel');
  var lineData = {};
  var pageSize = {};
  var currentPage = 1;
  var imgWidth = Number(img ? img.getAttribute('data-width') : 1000);
  function hideFig() { if (fig) fig.hidden = true; }
  function showPage(n) {
    if (!img || n === currentPage) return;
    currentPage = n;
    img.src = '/v1/documents/' + docId + '/pages/' + n + '/image?width=' + imgWidth;
    if (pageLabel) pageLabel.textContent = 'Trang ' + n;
  }
  if (img) {
    img.addEventListener('error', hideFig);
    img.addEventListener('load', function () { if (fig) fig.hidden = false; });
    if (img.complete && img.naturalWidth === 0) hideFig();
  }
  function boxOf(b) {
    if (!b) return null;
    if (Array.isArray(b)) return { x0: b[0], y0: b[1], x1: b[2], y1: b[3] };
    if (b.x0 != null) return b;
    if (b.x != null) return { x0: b.x, y0: b.y, x1: b.x + (b.width || b.w), y1: b.y + (b.height || b.h) };
    return null;
  }
  function lineBox(l) {
    var b = boxOf(l.bbox);
    if (b) return b;
    var ws = (l.words || []).map(function (w) { return boxOf(w.bbox); }).filter(Boolean);
    if (!ws.length) return null;
    return ws.reduce(function (a, w) { return { x0: Math.min(a.x0, w.x0), y0: Math.min(a.y0, w.y0), x1: Math.max(a.x1, w.x1), y1: Math.max(a.y1, w.y1) }; });
  }
  function drawBoxes(lines) {
    $$('.box', frame).forEach(function (b) { b.remove(); });
    if (!img || !frame || fig.hidden) return;
    var size = pageSize[currentPage];
    var boxes = lines.map(function (n) { return lineData[n] && lineData[n].page === currentPage ? lineBox(lineData[n]) : null; }).filter(Boolean);
    if (!boxes.length || !size || !size.width) return;
    var u = boxes.reduce(function (a, w) { return { x0: Math.min(a.x0, w.x0), y0: Math.min(a.y0, w.y0), x1: Math.max(a.x1, w.x1), y1: Math.max(a.y1, w.y1) }; });
    var s = img.clientWidth / size.width;
    var d = el('div', { 'class': 'box', 'aria-hidden': 'true' });
    d.style.left = (u.x0 * s - 3) + 'px'; d.style.top = (u.y0 * s - 3) + 'px';
    d.style.width = ((u.x1 - u.x0) * s + 6) + 'px'; d.style.height = ((u.y1 - u.y0) * s + 6) + 'px';
    frame.appendChild(d);
  }
  function select(li, scroll) {
    $$('.directives > li.selected').forEach(function (x) { x.classList.remove('selected'); });
    $$('.directive-pick[aria-pressed="true"]').forEach(function (x) { x.setAttribute('aria-pressed', 'false'); });
    $$('.lines li.hl').forEach(function (x) { x.classList.remove('hl'); });
    li.classList.add('selected');
    var btn = $('.directive-pick', li);
    if (btn) btn.setAttribute('aria-pressed', 'true');
    var from = Number(li.getAttribute('data-from')), to = Number(li.getAttribute('data-to'));
    var page = Number(li.getAttribute('data-page')) || 1;
    var lines = [];
    for (var n = from; n <= to; n++) { var row = document.getElementById('L' + n); if (row) { row.classList.add('hl'); lines.push(n); } }
    var first = document.getElementById('L' + from);
    if (scroll && first) first.scrollIntoView({ block: 'center' });
    var status = $('#selection');
    if (status) status.textContent = 'Đã chọn nhiệm vụ ' + li.getAttribute('data-seq') + ': dòng ' + from + (to > from ? '–' + to : '');
    if (img && page !== currentPage) { showPage(page); img.addEventListener('load', function once() { img.removeEventListener('load', once); drawBoxes(lines); }); }
    else drawBoxes(lines);
  }
  $$('.directive-pick').forEach(function (b) {
    b.addEventListener('click', function () { select(b.closest('li'), true); });
  });
  window.addEventListener('resize', function () {
    var sel = $('.directives > li.selected');
    if (sel) select(sel, false);
  });
  // words the reader was unsure of, and the line boxes, from the lines JSON when the API has it
  api('GET', '/v1/documents/' + docId + '/lines').then(function (r) {
    if (!r.ok || !r.body) return;
    var body = r.body;
    var lines = Array.isArray(body) ? body : (body.lines || body.items || []);
    (body.pages || []).forEach(function (p) { if (p && p.width) pageSize[p.number || p.page] = { width: p.width, height: p.height }; });
    lines.forEach(function (l) {
      lineData[l.line] = l;
      if (l.page_width && !pageSize[l.page]) pageSize[l.page] = { width: l.page_width, height: l.page_height };
      var words = l.words || [];
      var unsure = words.filter(function (w) { return w.low_confidence || w.unsure; });
      if (!unsure.length) return;
      var span = $('#L' + l.line + ' .t');
      if (!span) return;
      var text = span.textContent, out = document.createDocumentFragment(), at = 0;
      unsure.forEach(function (w) {
        // the line shows the repaired text: look for the word as repair left it
        var word = w.repaired || w.text;
        var i = word ? text.indexOf(word, at) : -1;
        if (i < 0) return;
        out.appendChild(document.createTextNode(text.slice(at, i)));
        var m = el('span', { 'class': 'unsure', title: 'Từ chưa chắc chắn (độ tin cậy ' + Math.round(w.confidence) + ')' }, word);
        out.appendChild(m);
        at = i + word.length;
      });
      out.appendChild(document.createTextNode(text.slice(at)));
      span.textContent = '';
      span.appendChild(out);
    });
    var sel = $('.directives > li.selected');
    if (sel) select(sel, false);
  }, function () {});

  // corrections: the forms build the API's PATCH bodies
  var msg = $('#save-status');
  function report(text, bad) { if (msg) { msg.textContent = text; msg.className = bad ? 'error' : 'notice'; msg.hidden = false; msg.focus(); } }
  $$('form[data-correct]').forEach(function (f) {
    f.addEventListener('submit', function (e) {
      e.preventDefault();
      var kind = f.getAttribute('data-correct');
      var v = function (n) { var x = f.elements[n]; return x ? x.value.trim() : undefined; };
      // only what the reviewer changed is sent (an untouched field keeps what was read)
      var changed = function (n) { var x = f.elements[n]; return x && x.value.trim() !== x.defaultValue.trim(); };
      var url = '/v1/documents/' + docId, body;
      if (kind === 'issuer') {
        if (changed('issuer')) body = { issuer: v('issuer') || null };
      } else if (kind === 'directive') {
        var d = { id: f.getAttribute('data-id') }, any = false;
        if (changed('lead')) { d.lead = v('lead') || null; any = true; }
        if (changed('text') && v('text')) { d.text = v('text'); any = true; }
        if (changed('deadline')) { d.deadline = v('deadline') ? { date: v('deadline') } : null; any = true; }
        if (any) body = { directives: [d] };
      } else if (kind === 'line') { url += '/lines'; body = { lines: [{ line: Number(v('line')), text: f.elements.text.value }] }; }
      if (!body) { report('Không có thay đổi nào để lưu.', true); return; }
      api('PATCH', url, body).then(function (r) {
        if (r.ok) { location.href = location.pathname + '?saved=1#history'; return; }
        report('Không lưu được: ' + errorText(r.status, r.body), true);
      }, function () { report('Không lưu được: mất kết nối tới máy chủ.', true); });
    });
  });
  var lineForm = $('form[data-correct="line"]');
  if (lineForm) {
    var num = lineForm.elements.line, txt = lineForm.elements.text;
    var fill = function () { var row = document.getElementById('L' + num.value); if (row) txt.value = $('.t', row).textContent; };
    num.addEventListener('change', fill);
    $$('.lines .ln').forEach(function (a) {
      a.addEventListener('dblclick', function () { num.value = a.textContent; fill(); txt.focus(); });
    });
  }
}
})();
`;

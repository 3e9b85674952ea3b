// Search and tracking speed: stores 100k directives (notices made from templates with varied agencies
// and dates) into a temp SQLite file, then p50/p95 latency of search and of each directive filter through
// the store, a sample through HTTP on loopback, and the ingest rate of text notices through the pipeline.
// Targets: p95 < 10 ms; >= 50 text notices/s. Measures, does not assert.
// usage: npx tsx bench/search.ts [--directives 100000] [--keep DIR] [--json]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { accessFromEnv, defaultLimits } from '../src/config.js';
import { collectDirectives, renderExport } from '../src/export/index.js';
import { openRuntime } from '../src/runtime/node/runtime.js';
import { NoticeRecord } from '../src/record.js';
import { startServer } from '../src/runtime/node/server.js';
import { openSqliteStore } from '../src/store/sqlite.js';
import type { DirectiveFilters, NewDocument, Store } from '../src/store/types.js';

const { values } = parseArgs({ options: { directives: { type: 'string' }, keep: { type: 'string' }, json: { type: 'boolean' }, ingest: { type: 'string' } } });
const TARGET = Number(values.directives ?? 100_000);
const INGEST = Number(values.ingest ?? 300);

// ---- a deterministic generator of realistic notices -----------------------------------------------
let seed = 20251030;
const rnd = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)];

const DISTRICTS = ['Biên Hòa', 'Long Khánh', 'Trảng Bom', 'Thống Nhất', 'Vĩnh Cửu', 'Định Quán', 'Tân Phú', 'Xuân Lộc', 'Cẩm Mỹ', 'Nhơn Trạch', 'Long Thành', 'Đồng Xoài', 'Phước Long', 'Bình Long', 'Chơn Thành', 'Đồng Phú', 'Bù Đăng', 'Lộc Ninh', 'Hớn Quản', 'Bù Gia Mập'];
const AGENCIES = [
  'Sở Khoa học và Công nghệ', 'Sở Tài chính', 'Sở Nội vụ', 'Sở Tài nguyên và Môi trường', 'Sở Giáo dục và Đào tạo', 'Sở Y tế',
  'Sở Xây dựng', 'Sở Kế hoạch và Đầu tư', 'Sở Lao động - Thương binh và Xã hội', 'Sở Nông nghiệp và Phát triển nông thôn',
  'Sở Giao thông vận tải', 'Sở Công Thương', 'Sở Tư pháp', 'Sở Văn hóa, Thể thao và Du lịch', 'Sở Thông tin và Truyền thông',
  'Công an tỉnh', 'Bộ Chỉ huy Quân sự tỉnh', 'Văn phòng Ủy ban nhân dân tỉnh', 'Thanh tra tỉnh', 'Ban Quản lý các khu công nghiệp',
  'Đài Phát thanh và Truyền hình tỉnh', 'Bảo hiểm xã hội tỉnh', 'Cục Thuế tỉnh', 'Ủy ban nhân dân các xã, phường',
  ...DISTRICTS.map((d) => `Ủy ban nhân dân huyện ${d}`),
];
const ACTIONS = ['rà soát', 'tổng hợp', 'kiểm tra', 'hướng dẫn', 'tham mưu', 'xây dựng kế hoạch', 'đôn đốc', 'thẩm định', 'báo cáo', 'triển khai', 'đánh giá', 'bố trí kinh phí cho'];
const OBJECTS = [
  'hạ tầng công nghệ thông tin của các xã, phường', 'hồ sơ cấp giấy chứng nhận quyền sử dụng đất', 'tiến độ giải ngân vốn đầu tư công',
  'công tác phòng cháy, chữa cháy tại các chợ', 'việc xử lý chất thải rắn sinh hoạt', 'chương trình chuyển đổi số cấp xã',
  'cơ sở vật chất trường học trước năm học mới', 'công tác khám chữa bệnh bảo hiểm y tế', 'dự án nâng cấp tỉnh lộ', 'việc khai thác khoáng sản trái phép',
  'chế độ chính sách cho người có công', 'công trình thủy lợi phục vụ sản xuất', 'thủ tục hành chính trên Cổng dịch vụ công', 'công tác cải cách hành chính',
  'việc thu ngân sách nhà nước', 'kế hoạch phát triển du lịch', 'phong trào thể dục thể thao quần chúng', 'đề án đổi mới sáng tạo',
  'an toàn thực phẩm dịp Tết Nguyên đán', 'trật tự an toàn giao thông', 'nhà ở xã hội cho công nhân', 'quy hoạch sử dụng đất đến năm 2030',
];
const TOPICS = ['chuyển đổi số', 'quản lý đất đai', 'giải ngân vốn đầu tư công', 'cải cách hành chính', 'an ninh trật tự', 'y tế và giáo dục', 'phát triển kinh tế - xã hội'];
const KINDS = ['before', 'by_end_of', 'no_later_than', 'on', 'recurring', null] as const;

function dateIn(): string {
  const y = 2023 + Math.floor(rnd() * 4);
  const m = 1 + Math.floor(rnd() * 12);
  const d = 1 + Math.floor(rnd() * 28);
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}
function deadline(): { date: string | null; kind: (typeof KINDS)[number] & string; text: string; rule?: string } | null {
  const kind = pick(KINDS);
  if (!kind) return null;
  if (kind === 'recurring') return { date: null, kind, text: 'định kỳ hằng tuần', rule: 'FREQ=WEEKLY;BYDAY=MO' };
  const date = dateIn();
  const [y, m, d] = date.split('-').map(Number);
  const text = { before: `trước ngày ${d} tháng ${m} năm ${y}`, by_end_of: `trong tháng ${m}/${y}`, no_later_than: `chậm nhất ngày ${d}/${m}/${y}`, on: `ngày ${d}/${m}/${y}` }[kind];
  return { date, kind, text };
}

let docSeq = 0;
/** One notice: text lines and its record, ~5 directives. */
function makeNotice(): { text: string; doc: NewDocument } {
  const n = ++docSeq;
  const id = n.toString(16).padStart(16, '0');
  const topic = pick(TOPICS);
  const date = dateIn();
  const lines = [
    'ỦY BAN NHÂN DÂN TỈNH KHÁNH AN',
    `Số: ${n}/TB-UBND`,
    'THÔNG BÁO',
    `Kết luận của Chủ tịch Ủy ban nhân dân tỉnh về ${topic}`,
    `Ngày ${date.slice(8)}/${date.slice(5, 7)}/${date.slice(0, 4)}, Chủ tịch Ủy ban nhân dân tỉnh chủ trì cuộc họp về ${topic}.`,
    'Chủ tịch Ủy ban nhân dân tỉnh kết luận và chỉ đạo như sau:',
  ];
  const directives = [];
  const count = 3 + Math.floor(rnd() * 5);
  for (let i = 0; i < count; i++) {
    const lead = pick(AGENCIES);
    let coop = pick(AGENCIES);
    if (coop === lead) coop = 'Sở Tài chính';
    const dl = deadline();
    const text = `${lead} chủ trì, phối hợp với ${coop} ${pick(ACTIONS)} ${pick(OBJECTS)}${dl ? `, hoàn thành ${dl.text}` : ''}.`;
    lines.push(`${i + 1}. ${text}`);
    directives.push({
      line: lines.length,
      section: String(i + 1),
      text,
      assignees: [{ agency: lead, role: 'lead' as const }, ...(rnd() < 0.6 ? [{ agency: coop, role: 'cooperate' as const }] : [])],
      deadline: dl,
    });
  }
  lines.push('Nơi nhận: Các sở, ban, ngành; UBND các huyện; Lưu: VT.');
  const textLines = lines.map((t, i) => ({ page: 1, line: i + 1, text: t }));
  const record = NoticeRecord.parse({
    id, doc: `tb-${n}.txt`, doc_type: 'thông báo kết luận', title: `Kết luận về ${topic}`, issuer: 'Ủy ban nhân dân tỉnh Khánh An',
    date, number: `${n}/TB-UBND`, references: [], statistics: [], directives,
  });
  const text = lines.join('\n') + '\n';
  return {
    text,
    doc: { id, sha256: id.repeat(4), filename: record.doc, mediaType: 'text/plain', original: new TextEncoder().encode(text), pages: [{ number: 1, source: 'text' }], lines: textLines, rawLines: textLines, record },
  };
}

// ---- measuring -------------------------------------------------------------------------------------
const pct = (xs: number[], p: number) => xs[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];
async function time(fn: () => Promise<unknown>, runs: number): Promise<{ p50: number; p95: number; max: number }> {
  // a moment's rest between kinds, so one kind's garbage is not collected during the next
  await new Promise((r) => setTimeout(r, 20));
  for (let i = 0; i < 5; i++) await fn();
  const t: number[] = [];
  for (let i = 0; i < runs; i++) {
    const s = performance.now();
    await fn();
    t.push(performance.now() - s);
  }
  t.sort((a, b) => a - b);
  return { p50: pct(t, 50), p95: pct(t, 95), max: t[t.length - 1] };
}

const dir = values.keep ?? mkdtempSync(join(tmpdir(), 'vanban-bench-'));
const dbPath = join(dir, 'bench.db');
const results: Record<string, unknown> = {};
const out = (s: string) => !values.json && console.log(s);

try {
  // 1. generate
  const store: Store = await openSqliteStore(dbPath);
  let stored = 0;
  const g0 = performance.now();
  while (stored < TARGET) {
    const { doc } = makeNotice();
    await store.putDocument(doc);
    stored += doc.record.directives.length;
  }
  const genS = (performance.now() - g0) / 1000;
  results.generated = { notices: docSeq, directives: stored, seconds: +genS.toFixed(1), notices_per_s: +(docSeq / genS).toFixed(0) };
  out(`generated ${docSeq} notices, ${stored} directives in ${genS.toFixed(1)} s (${(docSeq / genS).toFixed(0)} notices/s through store.putDocument)`);

  // 2. store latency
  const RUNS = 200;
  const searches: [string, string][] = [
    ['search, no diacritics', 'so khoa hoc va cong nghe'],
    ['search, with diacritics', 'giải ngân vốn đầu tư công'],
    ['search, rare words', 'khai thac khoang san trai phep'],
    ['search, one common word', 'tỉnh'],
    ['search, FTS syntax as text', '"NEAR(dat dai)" -thue*'],
    ['search, page 50', 'chuyen doi so'],
  ];
  const latency: Record<string, unknown> = {};
  for (const [name, q] of searches) {
    const opts = name === 'search, page 50' ? { limit: 20, offset: 1000 } : { limit: 20, offset: 0 };
    const r = await store.search(q, opts);
    latency[name] = { ...(await time(() => store.search(q, opts), RUNS)), hits: r.total, ...(r.total_is_estimate ? { estimate: true } : {}) };
  }
  const today = '2025-06-30';
  const filters: [string, DirectiveFilters, number?][] = [
    ['directives, no filter (first page)', {}],
    ['agency by name, no diacritics', { agency: 'so tai nguyen va moi truong' }],
    ['agency by initials (Sở KH&CN)', { agency: 'Sở KH&CN' }],
    ['agency, role=lead', { agency: 'Công an tỉnh', role: 'lead' }],
    ['agency, district UBND', { agency: 'UBND huyện Xuân Lộc' }],
    ['unknown agency', { agency: 'Bộ Ngoại giao' }],
    ['due_before', { due_before: '2023-03-31' }],
    ['due_after + due_before (one month)', { due_after: '2025-10-01', due_before: '2025-10-31' }],
    ['overdue (today=2025-06-30)', { overdue: true, today }],
    ['kind=recurring', { kind: 'recurring' }],
    ['status=done', { status: 'done' }],
    ['document', { document: (7).toString(16).padStart(16, '0') }],
    ['q words', { q: 'phong chay chua chay' }],
    ['agency + overdue + q', { agency: 'so y te', overdue: true, today, q: 'bao hiem y te' }],
    ['no filter, offset 50000', {}, 50_000],
  ];
  // some tracking state, so status filters have something to find
  const some = await store.listDirectives({ agency: 'so y te' }, { limit: 100, offset: 0 });
  for (const d of some.items.slice(0, 50)) await store.updateDirectiveStatus(d.id, { status: 'done', note: 'bench' });
  for (const [name, f, offset] of filters) {
    const r = await store.listDirectives(f, { limit: 20, offset: offset ?? 0 });
    latency[name] = { ...(await time(() => store.listDirectives(f, { limit: 20, offset: offset ?? 0 }), RUNS)), hits: r.total, ...(r.total_is_estimate ? { estimate: true } : {}) };
  }
  latency['agencies list (with counts)'] = { ...(await time(() => store.listAgencies({ limit: 20, offset: 0 }), 50)), hits: (await store.listAgencies({ limit: 1, offset: 0 })).total };
  const month = { due_after: '2026-01-01', due_before: '2026-01-31' };
  for (const format of ['ics', 'csv', 'json'] as const) {
    const n = (await collectDirectives(store, month)).items.length;
    latency[`export ${format}, one month (store + render)`] = {
      ...(await time(async () => {
        const { items, total } = await collectDirectives(store, month);
        renderExport(format, items, total);
      }, 20)),
      hits: n,
    };
  }
  latency['get directive + history'] = await time(() => store.getDirective(some.items[0].id), RUNS);
  const ids = (await store.listDirectives({}, { limit: 100, offset: 0 })).items.map((d) => d.id);
  let k = 0;
  latency['PATCH status (store)'] = await time(() => store.updateDirectiveStatus(ids[k++ % ids.length], { status: 'in_progress', actor: 'bench' }), RUNS);
  results.store = latency;
  await store.close();

  // 3. HTTP on loopback
  // reads only: open to all, as VANBAN_PUBLIC_READ=true
  const srv = await startServer({ dbPath, port: 0, host: '127.0.0.1', limits: { ...defaultLimits }, ocrWorkers: 1, access: accessFromEnv({ VANBAN_PUBLIC_READ: 'true' }) });
  const http: Record<string, unknown> = {};
  const get = (p: string) => async () => {
    const r = await fetch(srv.url + p);
    await r.arrayBuffer();
    if (r.status !== 200) throw new Error(`${p}: ${r.status}`);
  };
  for (const [name, p] of [
    ['GET /v1/search (no diacritics)', `/v1/search?q=${encodeURIComponent('so khoa hoc va cong nghe')}`],
    ['GET /v1/search (diacritics)', `/v1/search?q=${encodeURIComponent('giải ngân vốn đầu tư công')}`],
    ['GET /v1/directives?agency=SKHCN', '/v1/directives?agency=SKHCN'],
    ['GET /v1/directives?overdue=true', `/v1/directives?overdue=true&today=${today}`],
    ['GET /v1/directives.ics?agency=so y te&due_after=2026-01-01', `/v1/directives.ics?agency=${encodeURIComponent('so y te')}&due_after=2026-01-01`],
  ] as const) http[name] = await time(get(p), 100);
  results.http = http;
  await srv.close();

  // 4. ingest throughput of text notices through the whole pipeline (ingest, repair, extract, store)
  const ingestDb = join(dir, 'ingest.db');
  const rt = await openRuntime({ dbPath: ingestDb, limits: { ...defaultLimits }, ocrWorkers: 1 });
  const texts = Array.from({ length: INGEST }, () => makeNotice().text);
  const enc = new TextEncoder();
  // warm the models (repair LM, gazetteer) once, not counted
  await rt.pipeline.complete(await rt.pipeline.ingest({ bytes: enc.encode(makeNotice().text), filename: 'warm.txt' }));
  const i0 = performance.now();
  let directives = 0;
  // time per stage from the pipeline's progress events: ingest (sniff, split), read (text pages; OCR for
  // scans), repair, extract, store
  const stages: Record<string, number> = { ingest: 0, read: 0, repair: 0, extract: 0, store: 0 };
  for (const [i, t] of texts.entries()) {
    let at = performance.now();
    const doc = await rt.pipeline.ingest({ bytes: enc.encode(t), filename: `n${i}.txt`, declaredType: 'text/plain' });
    let stage = 'read';
    const now = performance.now();
    stages.ingest += now - at;
    at = now;
    const onProgress = (p: { stage: string }) => {
      if (p.stage === stage || !(p.stage in stages) || p.stage === 'ocr') return;
      const t1 = performance.now();
      stages[stage] += t1 - at;
      at = t1;
      stage = p.stage;
    };
    directives += (await rt.pipeline.complete(doc, { onProgress })).record.directives.length;
    stages[stage] += performance.now() - at;
  }
  const ingS = (performance.now() - i0) / 1000;
  const perNotice = Object.fromEntries(Object.entries(stages).map(([k, v]) => [k, +(v / INGEST).toFixed(2)]));
  results.ingest = { notices: INGEST, seconds: +ingS.toFixed(2), notices_per_s: +(INGEST / ingS).toFixed(1), directives_extracted: directives, ms_per_notice: perNotice };
  await rt.close();

  if (values.json) console.log(JSON.stringify(results, null, 2));
  else {
    const row = (name: string, r: { p50: number; p95: number; hits?: number; estimate?: boolean }) =>
      `  ${name.padEnd(58)} p50 ${r.p50.toFixed(2).padStart(7)} ms   p95 ${r.p95.toFixed(2).padStart(7)} ms${r.hits !== undefined ? `   (${r.hits}${r.estimate ? '+' : ''} hits)` : ''}`;
    console.log('store (SQLite file, better-sqlite3):');
    for (const [n, r] of Object.entries(results.store as object)) console.log(row(n, r));
    console.log('HTTP on loopback (includes JSON/ICS rendering):');
    for (const [n, r] of Object.entries(results.http as object)) console.log(row(n, r));
    const ing = results.ingest as { notices: number; seconds: number; notices_per_s: number; directives_extracted: number; ms_per_notice: Record<string, number> };
    console.log(`ingest: ${ing.notices} text notices through the pipeline in ${ing.seconds} s = ${ing.notices_per_s} notices/s (${ing.directives_extracted} directives extracted)`);
    console.log(`  ms per notice by stage: ${Object.entries(ing.ms_per_notice).map(([k, v]) => `${k} ${v}`).join(', ')}`);
  }
} finally {
  if (!values.keep) rmSync(dir, { recursive: true, force: true });
}

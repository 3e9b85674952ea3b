// The Store contract: the same tests for every Store (SQLite here; D1 inside workerd elsewhere).
// Runtime-agnostic on purpose: vitest and src/ modules only (no fs, no node:*, no better-sqlite3).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fold } from '../../src/text/fold.js';
import { NoticeRecord } from '../../src/record.js';
import type { Store } from '../../src/store/types.js';
import { notices } from '../fixtures/search/notices.js';

const page = { limit: 50, offset: 0 };

export function storeContract(name: string, makeStore: () => Promise<Store>) {
  describe(`Store contract: ${name}`, () => {
    let store: Store;
    beforeEach(async () => {
      store = await makeStore();
      for (const n of notices) expect(await store.putDocument(n.document())).toBe(true);
    });
    afterEach(async () => {
      await store?.close();
    });

    describe('search', () => {
      it('finds text without diacritics, in lines and directives', async () => {
        const r = await store.search('so khoa hoc va cong nghe', page);
        expect(r.total).toBeGreaterThanOrEqual(4);
        expect(r.items.some((h) => h.kind === 'line' && h.document_id === 'a000000000000001' && h.line === 8)).toBe(true);
        expect(r.items.some((h) => h.kind === 'directive' && h.directive_id === 'a000000000000006-1')).toBe(true);
        for (const h of r.items) expect(h.text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase()).toMatch(/khoa/);
      });

      it('folds đ to d both ways', async () => {
        const plain = await store.search('dat dai', page);
        expect(plain.items.some((h) => h.document_id === 'a000000000000002' && h.line === 4)).toBe(true);
        const marked = await store.search('đất đai', page);
        expect(marked.items[0].text).toMatch(/đất đai/);
        const xoai = await store.search('ho dong xoai', page);
        expect(xoai.items[0]).toMatchObject({ document_id: 'a000000000000004', line: 10 });
      });

      it('ranks exact-diacritic matches first', async () => {
        const the = await store.search('thể', page);
        const firstLoose = the.items.findIndex((h) => !h.exact);
        expect(the.items[0].exact).toBe(true);
        expect(the.items.slice(0, firstLoose).every((h) => /thể/i.test(h.text))).toBe(true);
        expect(the.items.slice(firstLoose).every((h) => !h.exact)).toBe(true);
        expect(the.items.some((h) => /thế mạnh/.test(h.text))).toBe(true);
        const theMark = await store.search('thế', page);
        expect(theMark.items[0].text).toMatch(/thế mạnh/);
        expect(theMark.items[0].exact).toBe(true);
      });

      it('returns snippets with highlights on the words as written', async () => {
        const r = await store.search('dong xoai', page);
        const h = r.items[0];
        expect(h.snippet).toContain('<mark>Đồng</mark> <mark>Xoài</mark>');
        expect(h.highlights.map(([a, b]) => h.text.slice(a, b))).toEqual(['Đồng', 'Xoài']);
      });

      it('escapes HTML in snippets', async () => {
        const doc = notices[0].document();
        doc.id = 'b000000000000001';
        doc.sha256 = doc.id.repeat(4);
        doc.record = NoticeRecord.parse({ ...doc.record, id: doc.id, directives: [] });
        doc.lines = [{ page: 1, line: 1, text: 'Cảnh báo <script>alert(1)</script> giả mạo' }];
        doc.rawLines = doc.lines;
        await store.putDocument(doc);
        const r = await store.search('gia mao', page);
        expect(r.items[0].snippet).toBe('Cảnh báo &lt;script&gt;alert(1)&lt;/script&gt; <mark>giả</mark> <mark>mạo</mark>');
      });

      it('treats FTS5 syntax in the query as plain words', async () => {
        const base = await store.search('khoa hoc', page);
        expect(base.total).toBeGreaterThan(0);
        for (const q of ['"khoa hoc"', 'khoa* hoc', '(khoa) hoc', 'khoa -hoc', '^khoa hoc', 'khoa + hoc', "khoa' hoc", 'khoa: hoc', '{khoa} hoc']) {
          const r = await store.search(q, page);
          expect(r.total, q).toBe(base.total);
        }
        for (const q of ['NEAR(khoa hoc)', 'khoa AND hoc', 'khoa OR hoc', 'khoa NOT hoc', 'folded: khoa hoc', 'exact : khoa hoc', 'khoa hoc document_id']) {
          const r = await store.search(q, page);
          // the operator is one more word: no line has it, so hits have some of the words, never an FTS5 meaning
          expect(r.match, q).toBe('any');
          const w = q.toLowerCase().match(/[a-z_]+/g)!;
          for (const h of r.items) expect(w.some((x) => fold(h.text).includes(x)), `${q}: ${h.text}`).toBe(true);
        }
        expect((await store.search('khoa hoc', page)).match).toBe('all');
        expect((await store.search('folded: xyz', page)).total).toBe(0);
        expect((await store.search('"', page)).total).toBe(0);
        expect((await store.search('*', page)).total).toBe(0);
        expect((await store.search('NEAR', page)).total).toBe(0);
      });

      it('falls back to any of the words when no line has them all', async () => {
        const r = await store.search('hạ tầng công nghệ thông tin CNTT', page);
        expect(r.match).toBe('any');
        expect(r.items[0]).toMatchObject({ document_id: 'a000000000000001', line: 9 });
        expect((await store.search('zzz qqq', page)).total).toBe(0);
      });

      it('pages', async () => {
        const all = await store.search('uy ban nhan dan', { limit: 100, offset: 0 });
        const p1 = await store.search('uy ban nhan dan', { limit: 3, offset: 0 });
        const p2 = await store.search('uy ban nhan dan', { limit: 3, offset: 3 });
        expect(p1.total).toBe(all.total);
        expect(p2.total).toBe(all.total);
        expect([...p1.items, ...p2.items].map((h) => `${h.kind}${h.document_id}${h.line}`)).toEqual(
          all.items.slice(0, 6).map((h) => `${h.kind}${h.document_id}${h.line}`),
        );
        const beyond = await store.search('uy ban nhan dan', { limit: 3, offset: 1000 });
        expect(beyond.items).toEqual([]);
        expect(beyond.total).toBe(all.total);
      });

      it('searches one scope', async () => {
        const lines = await store.search('khai thac cat', { ...page, scope: 'lines' });
        const dirs = await store.search('khai thac cat', { ...page, scope: 'directives' });
        expect(lines.items.every((h) => h.kind === 'line')).toBe(true);
        expect(dirs.items.every((h) => h.kind === 'directive')).toBe(true);
        expect(dirs.items[0].directive_id).toBe('a000000000000002-4');
      });
    });

    describe('directives', () => {
      const ids = async (filters: Parameters<Store['listDirectives']>[0]) =>
        (await store.listDirectives(filters, { limit: 100, offset: 0 })).items.map((d) => d.id);

      it('lists by deadline, undated last, with assignees and document', async () => {
        const r = await store.listDirectives({}, { limit: 100, offset: 0 });
        expect(r.total).toBe(notices.reduce((n, x) => n + x.record.directives.length, 0));
        const dates = r.items.map((d) => d.deadline?.date ?? null);
        const firstNull = dates.indexOf(null);
        expect(dates.slice(firstNull).every((d) => d === null)).toBe(true);
        const dated = dates.slice(0, firstNull) as string[];
        expect([...dated].sort()).toEqual(dated);
        const d = r.items.find((x) => x.id === 'a000000000000001-1')!;
        expect(d.assignees).toEqual([
          { agency: 'Sở Khoa học và Công nghệ', agency_id: 'so-khoa-hoc-va-cong-nghe', role: 'lead' },
          { agency: 'Sở Tài chính', agency_id: 'so-tai-chinh', role: 'cooperate' },
        ]);
        expect(d.deadline).toEqual({ date: '2025-10-30', kind: 'before', text: 'trước ngày 30 tháng 10 năm 2025' });
        expect(d.document).toMatchObject({ id: 'a000000000000001', number: '118/TB-UBND', doc: 'chuyen-doi-so.txt' });
        expect(d.status).toBe('open');
        const rec = r.items.find((x) => x.id === 'a000000000000001-4')!;
        expect(rec.deadline).toEqual({ date: null, kind: 'recurring', text: 'định kỳ sáng thứ Hai hằng tuần', rule: 'FREQ=WEEKLY;BYDAY=MO' });
      });

      it('filters by agency: id, name, no diacritics, aliases, initials', async () => {
        const expected = ['a000000000000006-1', 'a000000000000006-2', 'a000000000000001-1', 'a000000000000001-2'];
        for (const a of ['so-khoa-hoc-va-cong-nghe', 'Sở Khoa học và Công nghệ', 'so khoa hoc va cong nghe', 'so khoa hoc', 'Sở KH&CN', 'SKHCN', 'skhcn', 'SỞ KHOA HỌC']) {
          expect(await ids({ agency: a }), a).toEqual(expected);
        }
        expect(await ids({ agency: 'Sở Tài nguyên và Môi trường' })).toEqual(['a000000000000002-1', 'a000000000000002-2', 'a000000000000002-4']);
        expect(await ids({ agency: 'STNMT' })).toEqual(['a000000000000002-1', 'a000000000000002-2', 'a000000000000002-4']);
        expect(await ids({ agency: 'Sở TN&MT', role: 'lead' })).toEqual(['a000000000000002-1', 'a000000000000002-2']);
        expect(await ids({ agency: 'VP UBND tỉnh' })).toEqual(['a000000000000005-3', 'a000000000000001-4']);
        expect(await ids({ agency: 'Sở LĐTBXH' })).toEqual(['a000000000000004-3']);
        // dated first, then undated by document and order
        expect(await ids({ agency: 'cong an tinh' })).toEqual(['a000000000000005-1', 'a000000000000002-4', 'a000000000000005-2']);
      });

      it('filters by role', async () => {
        expect(await ids({ agency: 'Sở Tài chính', role: 'cooperate' })).toEqual(['a000000000000001-1']);
        const lead = await ids({ agency: 'Sở Tài chính', role: 'lead' });
        expect(lead).toEqual(['a000000000000002-3', 'a000000000000003-5', 'a000000000000006-3']);
        expect((await ids({ agency: 'Sở Tài chính', role: 'any' })).length).toBe(4);
      });

      it('resolves an unknown agency to no directives', async () => {
        expect(await ids({ agency: 'Bộ Ngoại giao' })).toEqual([]);
        expect(await ids({ agency: 'zzzz' })).toEqual([]);
        expect(await store.resolveAgency('')).toEqual([]);
      });

      it('filters by due dates (inclusive), kind, document, words', async () => {
        expect(await ids({ due_after: '2025-10-30', due_before: '2025-10-31' })).toEqual([
          'a000000000000001-1', 'a000000000000001-3', 'a000000000000003-2',
        ]);
        expect(await ids({ due_before: '2025-07-01' })).toEqual(['a000000000000006-1']);
        expect(await ids({ kind: 'recurring' })).toEqual(['a000000000000001-4', 'a000000000000004-5']);
        expect((await ids({ document: 'a000000000000003' })).length).toBe(5);
        expect(await ids({ q: 'kham suc khoe' })).toEqual(['a000000000000003-2']);
        expect(await ids({ q: 'kham suc khoe', agency: 'so y te' })).toEqual(['a000000000000003-2']);
        expect(await ids({ q: '"' })).toEqual([]);
      });

      it('finds overdue directives relative to today, not done, dated only', async () => {
        const overdue = await ids({ overdue: true, today: '2025-09-01' });
        expect(overdue).toEqual(['a000000000000006-1', 'a000000000000002-1']);
        await store.updateDirectiveStatus('a000000000000006-1', { status: 'done', note: 'đã xong' });
        expect(await ids({ overdue: true, today: '2025-09-01' })).toEqual(['a000000000000002-1']);
        expect(await ids({ overdue: true, today: '2000-01-01' })).toEqual([]);
      });

      it('pages with a stable order', async () => {
        const all = await ids({});
        const p = await store.listDirectives({}, { limit: 5, offset: 5 });
        expect(p.items.map((d) => d.id)).toEqual(all.slice(5, 10));
        expect((await store.listDirectives({}, { limit: 5, offset: 500 })).items).toEqual([]);
      });

      it('walks every directive page by page after the last sort key (exports)', async () => {
        const walk = async (filters: Parameters<Store['allDirectives']>[0], opts?: { max?: number; pageSize?: number }) => {
          const pages = [];
          for await (const p of store.allDirectives(filters, opts)) pages.push(p);
          return pages;
        };
        const all = await ids({});
        // undated directives (NO_DATE in the cursor) span page boundaries too
        const pages = await walk({}, { pageSize: 4 });
        expect(pages.flatMap((p) => p.items.map((d) => d.id))).toEqual(all);
        expect(pages[0].total).toBe(all.length);
        expect(pages.map((p) => p.limit)).toEqual(pages.map(() => 4));
        expect(pages.at(-1)!.items.length).toBeLessThan(4);
        // at most max, the last page asking only for what is left
        const capped = await walk({}, { max: 10, pageSize: 4 });
        expect(capped.map((p) => p.limit)).toEqual([4, 4, 2]);
        expect(capped.flatMap((p) => p.items.map((d) => d.id))).toEqual(all.slice(0, 10));
        expect(await walk({}, { max: 0 })).toEqual([]);
        const lead = await walk({ agency: 'Sở Tài chính', role: 'lead' }, { pageSize: 2 });
        expect(lead.flatMap((p) => p.items.map((d) => d.id))).toEqual(['a000000000000002-3', 'a000000000000003-5', 'a000000000000006-3']);
        const none = await walk({ agency: 'Bộ Ngoại giao' });
        expect(none.map((p) => [p.items.length, p.total])).toEqual([[0, 0]]);
      });

      it('updates status with history and filters by it', async () => {
        expect(await store.updateDirectiveStatus('a000000000000003-1', { status: 'in_progress', note: 'đang sửa', actor: 'chuyên viên A' })).toMatchObject({
          status: 'in_progress', status_note: 'đang sửa',
        });
        await store.updateDirectiveStatus('a000000000000003-1', { status: 'done', note: null, actor: 'chuyên viên B' });
        const d = await store.getDirective('a000000000000003-1');
        expect(d?.status).toBe('done');
        expect(d?.history.map((h) => [h.status, h.note, h.actor])).toEqual([
          ['in_progress', 'đang sửa', 'chuyên viên A'],
          ['done', null, 'chuyên viên B'],
        ]);
        expect(d?.history[0].at).toMatch(/^\d{4}-\d{2}-\d{2}T/);
        expect(await ids({ status: 'done' })).toEqual(['a000000000000003-1']);
        expect(await store.updateDirectiveStatus('ffffffffffffffff-1', { status: 'done' })).toBeNull();
        expect(await store.getDirective('nope')).toBeNull();
      });

      it('keeps status in the record id mapping', async () => {
        const rec = await store.getRecord('a000000000000001');
        expect(rec?.directives.map((d) => d.id)).toEqual(['a000000000000001-1', 'a000000000000001-2', 'a000000000000001-3', 'a000000000000001-4']);
      });
    });

    describe('agencies', () => {
      it('lists agencies with counts, most assigned first', async () => {
        const r = await store.listAgencies({ limit: 100, offset: 0 });
        const tc = r.items.find((a) => a.id === 'so-tai-chinh')!;
        expect(tc).toMatchObject({ name: 'Sở Tài chính', directives: 4, lead: 3, open: 4 });
        const khcn = r.items.find((a) => a.id === 'so-khoa-hoc-va-cong-nghe')!;
        expect(khcn.aliases).toEqual(expect.arrayContaining(['so kh&cn', 'skhcn']));
        const counts = r.items.map((a) => a.directives);
        expect([...counts].sort((a, b) => b - a)).toEqual(counts);
        expect(r.total).toBe(r.items.length);
        const q = await store.listAgencies({ limit: 10, offset: 0, q: 'so y te' });
        expect(q.items.map((a) => a.id)).toEqual(['so-y-te']);
        expect((await store.listAgencies({ limit: 10, offset: 0, q: 'không có' })).total).toBe(0);
        expect(await store.getAgency('so-y-te')).toMatchObject({ directives: 3, lead: 2 });
        expect(await store.getAgency('nothing')).toBeNull();
      });

      it('keeps the counts through status changes and deletions', async () => {
        // the counts are kept by the writes: compare them with a count from the directives themselves
        const recount = async (id: string) => {
          const all = (await store.listDirectives({ agency: id }, { limit: 100, offset: 0 })).items;
          const lead = (await store.listDirectives({ agency: id, role: 'lead' }, { limit: 100, offset: 0 })).items;
          return { directives: all.length, lead: lead.length, open: all.filter((d) => d.status !== 'done').length };
        };
        const before = await store.getAgency('so-tai-chinh');
        expect(before).toMatchObject(await recount('so-tai-chinh'));
        const [d] = (await store.listDirectives({ agency: 'so-tai-chinh' }, { limit: 1, offset: 0 })).items;
        await store.updateDirectiveStatus(d.id, { status: 'done' });
        await store.updateDirectiveStatus(d.id, { status: 'done' });
        expect(await store.getAgency('so-tai-chinh')).toMatchObject({ ...(await recount('so-tai-chinh')), open: before!.open - 1 });
        await store.updateDirectiveStatus(d.id, { status: 'in_progress' });
        expect((await store.getAgency('so-tai-chinh'))!.open).toBe(before!.open);
        await store.deleteDocument(d.document_id);
        const after = await store.getAgency('so-tai-chinh');
        expect(after).toMatchObject(await recount('so-tai-chinh'));
        expect(after!.directives).toBeLessThan(before!.directives);
      });

      it('accepts explicit aliases', async () => {
        expect(await store.resolveAgency('Phòng Cảnh sát PCCC')).toEqual([]);
        expect(await store.addAgencyAlias('cong-an-tinh', 'Phòng Cảnh sát PCCC')).toBe(true);
        expect(await store.resolveAgency('phong canh sat pccc')).toEqual(['cong-an-tinh']);
        expect(await store.addAgencyAlias('no-such-agency', 'x')).toBe(false);
      });
    });

    describe('documents', () => {
      it('lists signed documents with their first signature and finds them by signer, diacritics optional', async () => {
        const doc = notices[0].document();
        doc.id = 'c000000000000001';
        doc.sha256 = doc.id.repeat(4);
        const signatures = [
          { signed_by: 'Ủy ban nhân dân tỉnh Quảng Ngãi', organisation: 'Tỉnh Quảng Ngãi', signed_at: '2025-01-26T11:12:09+07:00' },
          { signed_by: 'TRUNG TÂM CÔNG BÁO VÀ TIN HỌC', organisation: null, signed_at: '2025-01-27T07:10:01+07:00' },
        ];
        doc.record = NoticeRecord.parse({ ...doc.record, id: doc.id, signature: signatures[0], signatures });
        expect(await store.putDocument(doc)).toBe(true);
        const all = await store.listDocuments(page);
        expect(all.total).toBe(notices.length + 1);
        expect(all.items.find((d) => d.id === doc.id)).toMatchObject({ signed_by: 'Ủy ban nhân dân tỉnh Quảng Ngãi', signed_at: '2025-01-26T11:12:09+07:00' });
        expect(all.items.find((d) => d.id === 'a000000000000001')).toMatchObject({ signed_by: null, signed_at: null });
        for (const q of ['uy ban nhan dan tinh quang ngai', 'Ủy ban nhân dân tỉnh  Quảng Ngãi', 'cong bao', 'TỈNH QUẢNG']) {
          const r = await store.listDocuments({ ...page, signed_by: q });
          expect(r.items.map((d) => d.id), q).toEqual([doc.id]);
          expect(r.total, q).toBe(1);
        }
        // words out of order, another name, LIKE wildcards: no match
        for (const q of ['quang ngai tinh', 'so tai chinh', '%', '_']) expect((await store.listDocuments({ ...page, signed_by: q })).total, q).toBe(0);
        expect((await store.getRecord(doc.id))?.signature?.signed_by).toBe('Ủy ban nhân dân tỉnh Quảng Ngãi');
      });

      it('deletes a document with its search rows and directives', async () => {
        expect(await store.deleteDocument('a000000000000004')).toBe(true);
        expect((await store.search('dong xoai', page)).items.some((h) => h.document_id === 'a000000000000004')).toBe(false);
        expect((await store.search('thuy loi', page)).total).toBe(0);
        expect((await store.listDirectives({ document: 'a000000000000004' }, page)).total).toBe(0);
        expect((await store.search('dat dai', page)).total).toBeGreaterThan(0);
      });

      it('stores a large notice in statements within the parameter limit', async () => {
        const doc = notices[0].document();
        doc.id = 'c000000000000001';
        doc.sha256 = doc.id.repeat(4);
        const lines = Array.from({ length: 400 }, (_, i) => ({ page: 1 + Math.floor(i / 50), line: i + 1, text: `- Sở Xây dựng kiểm tra công trình số ${i + 1}, hoàn thành trước ngày 30/12/2025.` }));
        doc.lines = lines;
        doc.rawLines = lines;
        doc.record = NoticeRecord.parse({
          ...doc.record,
          id: doc.id,
          agencies: Array.from({ length: 120 }, (_, i) => ({ id: `co-quan-${i}`, name: `Cơ quan ${i}`, aliases: [`CQ${i}`] })),
          directives: lines.map((l, i) => ({
            line: l.line,
            page: l.page,
            section: String(i + 1),
            text: l.text,
            assignees: [{ agency: 'Sở Xây dựng', role: 'lead' }, { agency: `Cơ quan ${i % 120}`, agency_id: `co-quan-${i % 120}`, role: 'cooperate' }],
            deadline: { date: '2025-12-30', kind: 'before', text: 'trước ngày 30/12/2025' },
          })),
        });
        expect(await store.putDocument(doc)).toBe(true);
        expect((await store.listDirectives({ document: doc.id }, page)).total).toBe(400);
        expect((await store.search('cong trinh so 399', page)).items[0]).toMatchObject({ document_id: doc.id, line: 399 });
        expect(await store.resolveAgency('CQ7')).toEqual(['co-quan-7']);
        expect(await store.putDocument(doc)).toBe(false);

        // 800 hits (400 lines, 400 directives): ranked in windows, pages consistent, the total a lower bound
        const key = (h: { kind: string; document_id: string; line: number }) => `${h.kind}:${h.document_id}:${h.line}`;
        const first = await store.search('cong trinh', { limit: 100, offset: 0 });
        expect(first.total_is_estimate).toBe(true);
        expect(first.total).toBeGreaterThanOrEqual(100);
        const seen = new Set<string>();
        for (let offset = 0; offset < 800; offset += 100) {
          const p = await store.search('cong trinh', { limit: 100, offset });
          if (offset === 0) expect(p.items.map(key)).toEqual(first.items.map(key));
          p.items.forEach((h) => seen.add(key(h)));
        }
        expect(seen.size).toBe(800);
        // the store's bounded count of a broad filter, and keyset paging through it
        const all = await store.listDirectives({ document: doc.id }, { limit: 150, offset: 0 });
        const next = await store.listDirectives({ document: doc.id }, {
          limit: 150, offset: 0, after: { due: '2025-12-30', document_id: doc.id, seq: all.items[149].seq },
        });
        expect(next.items[0].id).toBe((await store.listDirectives({ document: doc.id }, { limit: 1, offset: 150 })).items[0].id);
      });
    });

    describe('webhooks', () => {
      it('creates, lists, reads, logs deliveries and deletes', async () => {
        const h = await store.createWebhook({ id: 'w1', url: 'https://example.org/hook', secret: 's3cret-key', events: ['document.stored'] });
        expect(h).toMatchObject({ id: 'w1', url: 'https://example.org/hook', events: ['document.stored'] });
        expect((await store.listWebhooks()).map((x) => x.id)).toEqual(['w1']);
        expect(await store.getWebhook('w1')).toMatchObject({ secret: 's3cret-key' });
        for (const attempt of [1, 2]) {
          await store.logDelivery({
            webhook_id: 'w1', delivery_id: 'd1', event: 'document.stored', document_id: 'a000000000000001', attempt,
            at: `2025-01-01T00:00:0${attempt}.000Z`, status: attempt === 1 ? 500 : 200, ok: attempt === 2, error: attempt === 1 ? 'HTTP 500' : null, duration_ms: 3,
          });
        }
        const log = await store.listDeliveries('w1', { limit: 10 });
        expect(log.map((d) => [d.attempt, d.ok, d.status])).toEqual([[2, true, 200], [1, false, 500]]);
        expect(await store.deleteWebhook('w1')).toBe(true);
        expect(await store.deleteWebhook('w1')).toBe(false);
        expect(await store.getWebhook('w1')).toBeNull();
        expect(await store.listDeliveries('w1', { limit: 10 })).toEqual([]);
      });
    });
    describe('API keys', () => {
      it('creates a key shown once, verifies it, lists it without secrets, revokes it', async () => {
        expect(await store.countKeys()).toBe(0);
        const k = await store.createKey({ name: 'ops-1', role: 'editor' });
        expect(k).toMatchObject({ name: 'ops-1', role: 'editor', revoked_at: null });
        expect(k.key).toMatch(/^vb_[A-Za-z0-9_-]{43}$/);
        expect(await store.verifyKey(k.key)).toEqual({ name: 'ops-1', role: 'editor' });
        // one character changed, a prefix, the key with a space: all unknown
        const last = k.key.at(-1) === 'A' ? 'B' : 'A';
        for (const wrong of [k.key.slice(0, -1) + last, k.key.slice(0, 20), `${k.key} `, '']) expect(await store.verifyKey(wrong)).toBeNull();
        const listed = await store.listKeys();
        expect(listed).toEqual([{ name: 'ops-1', role: 'editor', created_at: k.created_at, revoked_at: null }]);
        expect(JSON.stringify(listed)).not.toContain(k.key);
        expect(await store.countKeys()).toBe(1);
        expect(await store.revokeKey('ops-1')).toBe(true);
        expect(await store.revokeKey('ops-1')).toBe(false);
        expect(await store.revokeKey('nobody')).toBe(false);
        expect(await store.verifyKey(k.key)).toBeNull();
        expect(await store.countKeys()).toBe(0);
        expect((await store.listKeys())[0].revoked_at).toMatch(/^\d{4}-\d\d-\d\dT/);
      });

      it('refuses a taken name (revoked too), an unknown role and a bad name', async () => {
        const a = await store.createKey({ name: 'a', role: 'admin' });
        await expect(store.createKey({ name: 'a', role: 'reader' })).rejects.toMatchObject({ status: 409, code: 'key_exists' });
        await store.revokeKey('a');
        await expect(store.createKey({ name: 'a', role: 'reader' })).rejects.toMatchObject({ status: 409 });
        await expect(store.createKey({ name: 'b', role: 'root' })).rejects.toMatchObject({ status: 400, code: 'bad_role' });
        for (const name of ['', ' x', 'a b', 'x'.repeat(65), '-x']) {
          await expect(store.createKey({ name, role: 'reader' }), name).rejects.toMatchObject({ status: 400, code: 'bad_key_name' });
        }
        expect((await store.listKeys()).map((k) => k.name)).toEqual(['a']);
        // two keys never share a value
        const b = await store.createKey({ name: 'b', role: 'reader' });
        expect(b.key).not.toBe(a.key);
        expect(await store.verifyKey(b.key)).toEqual({ name: 'b', role: 'reader' });
      });
    });

    describe('audit trail', () => {
      const entry = (n: number, key: string, target: string | null, document_id: string | null) =>
        ({ at: `2026-01-01T00:00:0${n}.000Z`, key, action: `act.${n}`, target, document_id, client: '127.0.0.1', status: 200 });

      it('appends, lists newest first, filters and pages', async () => {
        await store.appendAudit(entry(1, 'k1', 'a000000000000001', 'a000000000000001'));
        await store.appendAudit(entry(2, 'k2', 'a000000000000001-1', 'a000000000000001'));
        await store.appendAudit(entry(3, 'k1', 'w1', null));
        const all = await store.listAudit({}, { limit: 10, offset: 0 });
        expect(all.total).toBe(3);
        expect(all.items.map((e) => e.action)).toEqual(['act.3', 'act.2', 'act.1']);
        expect(all.items[2]).toMatchObject({ at: '2026-01-01T00:00:01.000Z', key: 'k1', target: 'a000000000000001', document_id: 'a000000000000001', client: '127.0.0.1', status: 200 });
        expect((await store.listAudit({ key: 'k1' }, { limit: 10, offset: 0 })).items.map((e) => e.action)).toEqual(['act.3', 'act.1']);
        expect((await store.listAudit({ target: 'w1' }, { limit: 10, offset: 0 })).items.map((e) => e.action)).toEqual(['act.3']);
        expect((await store.listAudit({ document: 'a000000000000001' }, { limit: 10, offset: 0 })).items.map((e) => e.action)).toEqual(['act.2', 'act.1']);
        const second = await store.listAudit({}, { limit: 2, offset: 2 });
        expect([second.total, second.items.map((e) => e.action)]).toEqual([3, ['act.1']]);
      });

      it('keeps entries after their document is deleted, and refuses to change or remove them', async () => {
        await store.appendAudit(entry(1, 'k1', 'a000000000000001', 'a000000000000001'));
        expect(await store.deleteDocument('a000000000000001')).toBe(true);
        expect((await store.listAudit({ document: 'a000000000000001' }, { limit: 10, offset: 0 })).total).toBe(1);
        const db = (store as unknown as { db: { run(sql: string): Promise<unknown> } }).db;
        await expect(db.run("UPDATE audit_log SET key_name = 'someone else'")).rejects.toThrow(/append-only/);
        await expect(db.run('DELETE FROM audit_log')).rejects.toThrow(/append-only/);
        expect((await store.listAudit({}, { limit: 10, offset: 0 })).items[0].key).toBe('k1');
      });
    });

    describe('jobs per key', () => {
      it('counts the queued and running jobs of a key', async () => {
        const input = new Uint8Array([1, 2, 3]);
        for (const id of ['00000000-0000-4000-8000-000000000001', '00000000-0000-4000-8000-000000000002', '00000000-0000-4000-8000-000000000003']) {
          await store.createJob({ id, documentId: 'b000000000000001', filename: 'x.png', input });
        }
        await store.assignJobKey('00000000-0000-4000-8000-000000000001', 'k1');
        await store.assignJobKey('00000000-0000-4000-8000-000000000002', 'k1');
        await store.assignJobKey('00000000-0000-4000-8000-000000000003', 'k2');
        expect(await store.countActiveJobs('k1')).toBe(2);
        await store.updateJob('00000000-0000-4000-8000-000000000001', { state: 'running' });
        expect(await store.countActiveJobs('k1')).toBe(2);
        await store.updateJob('00000000-0000-4000-8000-000000000001', { state: 'failed', error: { code: 'x', message: 'x' } });
        expect(await store.countActiveJobs('k1')).toBe(1);
        expect(await store.countActiveJobs('k2')).toBe(1);
        expect(await store.countActiveJobs('nobody')).toBe(0);
      });
    });
  });
}

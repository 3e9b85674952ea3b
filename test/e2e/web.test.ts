// The web app in a real browser (headless Chromium) against the real server (`vanban serve` on loopback):
// sign-in, uploads with progress, review with directive selection, search without diacritics, task
// status, corrections and their history, keyboard-only use, refused input, sign-out, CSRF.
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserMissing, launchBrowser } from '../helpers/browser.js';
import { ROOT, spawnServer, tempDir } from '../helpers/server.js';

const TEXT = join(ROOT, 'samples/text/ke-hoach.txt');
const SCAN = join(ROOT, 'samples/scans/notice-1.lowres75.jpg');
/** polls wait this long: a loaded CI machine answers far slower than expect.poll's 1 s default */
const POLL = { timeout: 30_000 };

describe.skipIf(!!browserMissing)('web app in a browser', () => {
  const tmp = tempDir('vanban-e2e-');
  let srv: Awaited<ReturnType<typeof spawnServer>>;
  let browser: Browser;
  let ctx: BrowserContext;
  let page: Page;
  let textDoc = '';
  let scanDoc = '';

  const signIn = async (p: Page, key: string) => {
    await p.goto(`${srv.url}/documents`);
    await p.getByLabel('Khóa API').fill(key);
    await p.getByRole('button', { name: 'Đăng nhập' }).click();
  };

  beforeAll(async () => {
    [srv, browser] = await Promise.all([spawnServer(join(tmp.dir, 'web.db')), launchBrowser()]);
    ctx = await browser.newContext({ locale: 'vi-VN' });
    page = await ctx.newPage();
  });
  afterAll(async () => {
    await browser?.close();
    srv?.child.kill();
    tmp.cleanup();
  });

  it('refuses a wrong key with an error in words, then signs in', async () => {
    await signIn(page, `vb_${'A'.repeat(43)}`);
    await expect.poll(() => page.getByRole('alert').textContent(), POLL).toContain('Khóa API không đúng');
    await signIn(page, srv.key!);
    await page.waitForURL(/\/documents$/);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Văn bản');
  });

  it('uploads a text and a scan, showing progress, then links to each record', async () => {
    await page.getByRole('link', { name: 'Tải lên', exact: true }).click();
    await page.locator('#files').setInputFiles([TEXT, SCAN]);
    const items = page.locator('#uploads li');
    await expect.poll(() => items.count(), POLL).toBe(2);
    // the scan goes through a job: its stage shows until it is done
    await expect.poll(() => page.locator('#uploads li.done').count(), { timeout: 90_000 }).toBe(2);
    const links = await page.locator('#uploads li.done a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    expect(links).toHaveLength(2);
    for (const l of links) expect(l).toMatch(/^\/documents\/[0-9a-f]{16}$/);
    textDoc = (await page.locator('#uploads li', { hasText: 'ke-hoach.txt' }).locator('a').getAttribute('href'))!.split('/').pop()!;
    scanDoc = (await page.locator('#uploads li', { hasText: 'lowres75' }).locator('a').getAttribute('href'))!.split('/').pop()!;
  }, 120_000);

  it('shows the error of a bad file in words (empty, not a notice)', async () => {
    await page.goto(`${srv.url}/upload`);
    await page.locator('#files').setInputFiles([
      { name: 'empty.txt', mimeType: 'text/plain', buffer: Buffer.alloc(0) },
      { name: 'setup.exe', mimeType: 'application/octet-stream', buffer: Buffer.concat([Buffer.from('MZ\x90\x00'), Buffer.alloc(2000, 7)]) },
    ]);
    await expect.poll(() => page.locator('#uploads li.failed').count(), POLL).toBe(2);
    expect(await page.locator('#uploads li', { hasText: 'empty.txt' }).textContent()).toContain('tệp rỗng');
    const exe = (await page.locator('#uploads li', { hasText: 'setup.exe' }).locator('.state').textContent())!;
    expect(exe).toMatch(/^Lỗi: /);
    expect(exe.length).toBeGreaterThan(15);
  });

  it('lists the documents, sorted on request', async () => {
    await page.goto(`${srv.url}/documents?sort=directives&order=desc`);
    expect(await page.locator('tbody tr').count()).toBe(2);
    expect(await page.locator('th[aria-sort="descending"]').textContent()).toContain('Nhiệm vụ');
    await page.goto(`${srv.url}/documents?sort=evil`);
    expect(await page.getByRole('alert').textContent()).toContain('không hợp lệ');
  });

  it('selects a directive on the review page and highlights its lines', async () => {
    await page.goto(`${srv.url}/documents/${textDoc}`);
    const first = page.locator('.directives > li').first();
    const from = await first.getAttribute('data-from');
    await first.locator('.directive-pick').click();
    expect(await first.locator('.directive-pick').getAttribute('aria-pressed')).toBe('true');
    expect(await page.locator(`#L${from}`).getAttribute('class')).toContain('hl');
    // a text upload has no page image: none is shown
    expect(await page.locator('#pagefig').isHidden()).toBe(true);
  });

  it('shows a scan beside its text, and where a selected directive is on the page', async () => {
    await page.goto(`${srv.url}/documents/${scanDoc}`);
    await expect.poll(() => page.locator('#pagefig').isVisible(), POLL).toBe(true);
    expect(await page.locator('#pageimg').evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
    const picks = page.locator('.directive-pick');
    if (await picks.count()) {
      await picks.first().press('Enter');
      await expect.poll(() => page.locator('#pageframe .box').count(), POLL).toBe(1);
    }
  });

  it('searches without diacritics and opens a result at its line', async () => {
    await page.goto(`${srv.url}/search`);
    await page.getByLabel(/Từ khóa/).fill('ke hoach');
    await page.getByLabel(/Từ khóa/).press('Enter');
    const hit = page.locator('.results li a').first();
    expect(await hit.locator('mark').count()).toBeGreaterThan(0);
    const href = (await hit.getAttribute('href'))!;
    expect(href).toMatch(/^\/documents\/[0-9a-f]{16}#L\d+$/);
    await hit.click();
    await page.waitForURL(`**${href}`);
    expect(await page.locator(`${href.slice(href.indexOf('#'))}:target`).count()).toBe(1);
  });

  it("changes a task's status with a note", async () => {
    await page.goto(`${srv.url}/tasks?status=open`);
    const row = page.locator('tbody tr').first();
    const id = (await row.getAttribute('id'))!.slice('task-'.length);
    await row.getByLabel('Trạng thái mới').selectOption('in_progress');
    await row.getByLabel('Ghi chú').fill('Đã giao phòng Kế hoạch');
    await row.getByRole('button', { name: 'Cập nhật' }).click();
    await page.goto(`${srv.url}/tasks?status=in_progress`);
    const moved = page.locator(`[id="task-${id}"]`);
    expect(await moved.textContent()).toContain('Đã giao phòng Kế hoạch');
    expect(await moved.locator('.badge.in_progress').textContent()).toBe('Đang thực hiện');
  });

  it('corrects a lead agency: seen in the history, in search and in the CSV export', async () => {
    await page.goto(`${srv.url}/documents/${textDoc}`);
    await page.getByText('Sửa nhiệm vụ 1', { exact: true }).click();
    await page.getByLabel('Cơ quan chủ trì').first().fill('Sở Tư pháp');
    await page.getByRole('button', { name: 'Lưu nhiệm vụ 1' }).click();
    await page.waitForURL(/saved=1/);
    const history = (await page.locator('ol.history').textContent())!;
    expect(history).toContain('document.correct');
    expect(history).toMatch(/chủ trì: .*→ Sở Tư pháp/s);
    // search's agency filter (diacritics optional) finds the directive under its corrected lead
    await page.goto(`${srv.url}/search?agency=so+tu+phap`);
    expect(await page.locator('.results li').first().textContent()).toContain('Chủ trì: Sở Tư pháp');
    await page.goto(`${srv.url}/tasks?agency=${encodeURIComponent('so tu phap')}`);
    expect(await page.locator('tbody tr').count()).toBeGreaterThan(0);
    const csvHref = (await page.getByRole('link', { name: 'CSV' }).getAttribute('href'))!;
    const csv = await (await page.request.get(srv.url + csvHref)).text();
    expect(csv).toContain('Sở Tư pháp');
  });

  it('uploads and searches with the keyboard only', async () => {
    await page.goto(`${srv.url}/upload`);
    await page.keyboard.press('Tab'); // skip link
    let guard = 0;
    while ((await page.evaluate(() => document.activeElement?.id)) !== 'files' && guard++ < 20) await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('files');
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.keyboard.press('Space')]);
    await chooser.setFiles({ name: 'thong-bao-moi.txt', mimeType: 'text/plain', buffer: Buffer.from('THÔNG BÁO số 9/TB-UBND\nSở Xây dựng chủ trì kiểm tra công trình trước ngày 30/12/2025.\n') });
    await expect.poll(() => page.locator('#uploads li.done').count(), POLL).toBe(1);
    // to the search page through the navigation, then a query, all by keys
    await page.keyboard.press('Shift+Tab');
    guard = 0;
    while ((await page.evaluate(() => document.activeElement?.textContent)) !== 'Tìm kiếm' && guard++ < 30) await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/search$/);
    await page.keyboard.type('so xay dung'); // the query box has the focus
    await page.keyboard.press('Enter');
    await page.waitForURL(/q=so\+xay\+dung/);
    expect(await page.locator('.results li').first().textContent()).toContain('Xây dựng');
  });

  it('filters a search by the kind of notice with the keyboard only, the words still marked', async () => {
    await page.goto(`${srv.url}/search`);
    await page.keyboard.type('uy ban nhan dan'); // the query box has the focus
    let guard = 0;
    const focused = () => page.evaluate(() => document.activeElement?.textContent?.trim() ?? '');
    while (!(await focused()).startsWith('Lọc văn bản') && guard++ < 10) await page.keyboard.press('Tab');
    await page.keyboard.press('Enter'); // opens the notice filters
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('f-doc-kind');
    await page.keyboard.type('ke hoach');
    await page.keyboard.press('Enter');
    await page.waitForURL(/kind=ke\+hoach/);
    const hits = page.locator('.results li a');
    expect(await hits.count()).toBeGreaterThan(0);
    // ke-hoach.txt is the only plan here: every hit is in it, the words marked
    for (const href of await hits.evaluateAll((as) => as.map((a) => a.getAttribute('href')))) expect(href).toMatch(new RegExp(`^/documents/${textDoc}#L`));
    expect(await hits.first().locator('mark').count()).toBeGreaterThan(0);
  });

  it('refuses a POST without the CSRF token (403)', async () => {
    const r = await page.request.post(`${srv.url}/tasks/${textDoc}-1/status`, { form: { status: 'done' } });
    expect(r.status()).toBe(403);
    const api = await page.request.patch(`${srv.url}/v1/directives/${textDoc}-1`, { data: { status: 'done' } });
    expect(api.status()).toBe(403);
  });

  it('signs out: pages send to /login again', async () => {
    await page.goto(`${srv.url}/documents`);
    await page.getByRole('button', { name: 'Đăng xuất' }).click();
    await page.waitForURL(/\/login$/);
    await page.goto(`${srv.url}/tasks`);
    expect(page.url()).toContain('/login?next=%2Ftasks');
  });
});

// Real 300 dpi colour scans (signed PDFs of ../shared/realscans): seconds per page through ingest + OCR,
// with one worker and with the pool, and the peak RSS of the process (pool included, as the server holds
// it). Each configuration runs in a fresh process; pages go to the pool together, as a job sends them.
//
//   npx tsx bench/real-pages.ts [--docs qn-46-tb,qn-23-bc,qn-299-ub,qn-53-tb,qn-24-ttr] [--workers 1,2]
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { defaultLimits } from '../src/config.js';
import { readImage } from '../src/ingest/image.js';
import { ingest } from '../src/ingest/index.js';
import { readPdf } from '../src/ingest/pdf.js';
import { ocr } from '../src/ocr/index.js';
import { createOcrPool } from '../src/ocr/tesseract.js';

const REAL = new URL('../../shared/realscans/pdf/', import.meta.url).pathname;
const { values } = parseArgs({
  options: { docs: { type: 'string' }, workers: { type: 'string' }, child: { type: 'string' } },
});
const docs = (values.docs ?? 'qn-46-tb,qn-23-bc,qn-299-ub,qn-53-tb,qn-24-ttr').split(',');

const peakRss = () => Number(/VmHWM:\s+(\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1] ?? 0) / 1024;

if (values.child) {
  const workers = Number(values.child);
  const pool = createOcrPool({ workers })!;
  const readers = { 'application/pdf': readPdf, 'image/png': readImage, 'image/jpeg': readImage } as const;
  // warm the workers on one page, not counted
  const warm = await ingest({ bytes: new Uint8Array(readFileSync(join(REAL, `${docs[0]}.pdf`))), filename: 'warm.pdf' }, { limits: defaultLimits, readers });
  await ocr({ ...warm, pages: warm.pages.slice(0, 1) }, { recognize: pool.recognize });
  let pages = 0;
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  for (const d of docs) {
    const doc = await ingest({ bytes: new Uint8Array(readFileSync(join(REAL, `${d}.pdf`))), filename: `${d}.pdf` }, { limits: defaultLimits, readers });
    await ocr(doc, { recognize: pool.recognize });
    pages += doc.pages.length;
  }
  const wall = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(c0);
  await pool.close();
  console.log(JSON.stringify({ workers, pages, sPerPage: wall / pages, cpuPerPage: (cpu.user + cpu.system) / 1e6 / pages, peakRssMb: peakRss() }));
} else {
  if (!existsSync(REAL)) {
    console.error(`skipped: ${REAL} is not here`);
    process.exit(0);
  }
  console.log(`load average ${loadavg().map((x) => x.toFixed(1)).join(' ')}; documents ${docs.join(', ')}`);
  console.log('| workers | pages | s/page (wall) | CPU s/page | peak RSS |');
  console.log('|---|---|---|---|---|');
  for (const w of (values.workers ?? '1,2').split(',')) {
    const r = spawnSync(process.execPath, ['--import', 'tsx', new URL(import.meta.url).pathname, '--child', w, '--docs', docs.join(',')], { encoding: 'utf8' });
    const line = r.stdout.trim().split('\n').pop() ?? '';
    if (r.status !== 0 || !line.startsWith('{')) throw new Error(`workers ${w}: ${r.stderr}`);
    const x = JSON.parse(line);
    console.log(`| ${x.workers} | ${x.pages} | ${x.sPerPage.toFixed(2)} | ${x.cpuPerPage.toFixed(2)} | ${Math.round(x.peakRssMb)} MB |`);
  }
}

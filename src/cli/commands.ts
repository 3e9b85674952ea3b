// The CLI commands: serve, ingest, ocr, repair, extract, search.
import { createReadStream, openSync, readSync, closeSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import { VanbanError, unsupported } from '../errors.js';
import { extract } from '../extract/index.js';
import { sniff } from '../ingest/sniff.js';
import { openRuntime } from '../node.js';
import { flattenLines } from '../pipeline.js';
import { repair, repairLines } from '../repair/index.js';
import { startServer } from '../server.js';
import { describeError, nodeConfig, readSource, UsageError } from './common.js';
import { ProgressBar } from './progress.js';

export interface Command {
  summary: string;
  usage: string;
  options: Record<string, { type: 'string' | 'boolean'; short?: string; description: string }>;
  run(args: string[], values: Record<string, string | boolean | undefined>): Promise<number>;
}

const dbOption = { db: { type: 'string' as const, description: 'SQLite file (default ./data/vanban.db, or VANBAN_DB)' } };

export const commands: Record<string, Command> = {
  serve: {
    summary: 'run the HTTP API',
    usage: 'vanban serve [--port 8787] [--host 127.0.0.1] [--db FILE]',
    options: {
      ...dbOption,
      port: { type: 'string', description: 'port (default 8787, or PORT)' },
      host: { type: 'string', description: 'address to listen on (default 127.0.0.1, or HOST)' },
    },
    async run(_args, values) {
      const cfg = nodeConfig(values as Record<string, string>);
      const server = await startServer(cfg);
      console.error(`vanban listening on ${server.url} (database ${cfg.dbPath})`);
      const stop = async () => {
        await server.close();
        process.exit(0);
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      await new Promise(() => undefined);
      return 0;
    },
  },

  ingest: {
    summary: 'read notices (text, PDF, images) and store their records',
    usage: 'vanban ingest FILE... [--db FILE]',
    options: { ...dbOption },
    async run(args, values) {
      if (!args.length) throw new UsageError('ingest needs at least one FILE');
      const cfg = nodeConfig(values as Record<string, string>);
      const rt = await openRuntime(cfg);
      const bar = new ProgressBar(args.length);
      let ok = 0;
      const failed: string[] = [];
      try {
        for (const [i, path] of args.entries()) {
          bar.update(i, path);
          try {
            const doc = await rt.pipeline.ingest(readSource(path, cfg.limits.maxUploadBytes));
            const { record, created } = await rt.pipeline.complete(doc, {
              onProgress: (p) => bar.update(i, `${path}: ${p.stage}${p.stage === 'ocr' ? ` page ${p.done}/${p.total}` : ''}`),
            });
            ok++;
            bar.update(i + 1, `${path} -> ${record.id}${created ? '' : ' (already stored)'}`);
          } catch (e) {
            failed.push(`${path}: ${describeError(e)}`);
            bar.update(i + 1, `${path}: failed`);
          }
        }
      } finally {
        bar.done();
        await rt.close();
      }
      console.error(`${ok} stored, ${failed.length} failed`);
      for (const f of failed) console.error(`  ${f}`);
      return failed.length ? 1 : 0;
    },
  },

  ocr: {
    summary: 'print the text of a notice (OCR for scans, text layer for PDFs)',
    usage: 'vanban ocr FILE',
    options: {},
    async run(args) {
      const path = oneFile(args, 'ocr');
      const cfg = nodeConfig({ db: ':memory:' });
      const rt = await openRuntime(cfg);
      try {
        const doc = await rt.pipeline.ingest(readSource(path, cfg.limits.maxUploadBytes));
        const { ocr } = await import('../ocr/index.js');
        const bar = new ProgressBar(doc.pages.length);
        const pages = await ocr(doc, {
          recognize: doc.needsOcr ? (await import('../ocr/tesseract.js')).createOcrPool()?.recognize : undefined,
          onProgress: (p) => bar.update(p.done, 'pages'),
        });
        bar.done();
        process.stdout.write(flattenLines(pages).map((l) => l.text).join('\n') + '\n');
      } finally {
        await rt.close();
      }
      return 0;
    },
  },

  repair: {
    summary: 'restore diacritics and fix OCR errors; prints the same number of lines',
    usage: 'vanban repair FILE|-',
    options: {},
    async run(args) {
      const path = oneFile(args, 'repair');
      await repairStream(path);
      return 0;
    },
  },

  extract: {
    summary: 'print the structured record of a notice',
    usage: 'vanban extract FILE [--json]',
    options: { json: { type: 'boolean', description: 'print the whole record as JSON' } },
    async run(args, values) {
      const path = oneFile(args, 'extract');
      const cfg = nodeConfig({ db: ':memory:' });
      const rt = await openRuntime(cfg);
      try {
        const doc = await rt.pipeline.ingest(readSource(path, cfg.limits.maxUploadBytes));
        const { ocr } = await import('../ocr/index.js');
        const pages = await ocr(doc, { recognize: doc.needsOcr ? (await import('../ocr/tesseract.js')).createOcrPool()?.recognize : undefined });
        const lines = await repair(flattenLines(pages));
        const record = await extract(lines, { id: doc.id, doc: doc.filename });
        if (values.json) {
          process.stdout.write(JSON.stringify(record, null, 2) + '\n');
        } else {
          console.log(`${record.doc_type ?? 'notice'}: ${record.title ?? '(no title)'}`);
          console.log(`issuer: ${record.issuer ?? '-'}  date: ${record.date ?? '-'}  number: ${record.number ?? '-'}`);
          console.log(`${record.directives.length} directives, ${record.statistics.length} statistics, ${record.references.length} references`);
          for (const d of record.directives) {
            const who = d.assignees.map((a) => `${a.agency}${a.role === 'lead' ? '*' : ''}`).join('; ');
            console.log(`- [${d.section ?? ''}] line ${d.line}: ${who || '?'}${d.deadline ? ` | ${d.deadline.kind} ${d.deadline.date ?? d.deadline.text}` : ''}`);
          }
        }
      } finally {
        await rt.close();
      }
      return 0;
    },
  },

  search: {
    summary: 'full-text search over stored notices (diacritics optional)',
    usage: 'vanban search QUERY [--limit 10] [--db FILE]',
    options: { ...dbOption, limit: { type: 'string', description: 'hits to show (default 10)' } },
    async run(args, values) {
      const query = args.join(' ').trim();
      if (!query) throw new UsageError('search needs a QUERY');
      const limit = Number(values.limit ?? 10);
      if (!Number.isInteger(limit) || limit < 1 || limit > 100) throw new UsageError('--limit must be 1 to 100');
      const cfg = nodeConfig(values as Record<string, string>);
      const rt = await openRuntime(cfg);
      try {
        const res = await rt.store.searchLines(query, { limit, offset: 0 });
        for (const h of res.items) console.log(`${h.document_id}:${h.line}\t${h.text}`);
        console.error(`${res.total} hit(s)`);
      } finally {
        await rt.close();
      }
      return 0;
    },
  },
};

function oneFile(args: string[], cmd: string): string {
  if (args.length !== 1) throw new UsageError(`${cmd} takes exactly one FILE (or - for standard input)`);
  return args[0];
}

const CHUNK = 400;

/** Repairs a text file by chunks of lines, so memory stays bounded; keeps the line count exactly. */
async function repairStream(path: string) {
  let head: Buffer;
  if (path === '-') {
    head = Buffer.alloc(0);
  } else {
    let fd: number;
    try {
      fd = openSync(path, 'r');
    } catch (e) {
      throw new VanbanError(400, 'unreadable', `cannot read ${path}: ${(e as NodeJS.ErrnoException).code}`);
    }
    head = Buffer.alloc(8192);
    const n = readSync(fd, head, 0, head.length, 0);
    closeSync(fd);
    head = head.subarray(0, n);
  }
  const input: Readable = path === '-' ? process.stdin : createReadStream(path);
  let checked = path !== '-' ? checkText(head) : false;
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let endsWithNewline = false;
  const rl = createInterface({ input: input.map((chunk: Buffer) => {
    if (!checked) checked = checkText(chunk);
    if (chunk.length) endsWithNewline = chunk[chunk.length - 1] === 0x0a;
    return decoder.decode(chunk, { stream: true });
  }), crlfDelay: Infinity });
  let batch: string[] = [];
  let first = true;
  const flush = async () => {
    if (!batch.length) return;
    const out = await repairLines(batch);
    process.stdout.write((first ? '' : '\n') + out.join('\n'));
    first = false;
    batch = [];
  };
  try {
    for await (const line of rl) {
      batch.push(line.replace(/^\uFEFF/, '').normalize('NFC'));
      if (batch.length >= CHUNK) await flush();
    }
  } catch (e) {
    if (e instanceof TypeError) throw unsupported('invalid_utf8', 'input is not valid UTF-8');
    throw e;
  }
  await flush();
  // readline drops the final newline; a file ending in one gets it back, so `wc -l` matches.
  if (!first && endsWithNewline) process.stdout.write('\n');
}

function checkText(bytes: Uint8Array): true {
  const kind = sniff(bytes);
  if (kind === 'text/utf-16') throw unsupported('utf16_text', 'UTF-16 text is not supported; convert it to UTF-8');
  if (kind !== 'text/plain') throw unsupported('not_text', `repair reads text; this input is ${kind}`);
  return true;
}

// The CLI commands: serve, keys, ingest, ocr, repair, extract, search, directives, export.
import { createReadStream, openSync, readSync, closeSync } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { VanbanError, unsupported } from '../errors.js';
import { extract, withSignatures } from '../extract/index.js';
import { sniff } from '../ingest/sniff.js';
import { openRuntime } from '../runtime/node/runtime.js';
import { flattenLines } from '../pipeline/types.js';
import { createRepairer, type Repairer } from '../repair/index.js';
import { loadRepairModel } from '../runtime/node/models.js';
import { startServer } from '../runtime/node/server.js';
import { writeFileSync } from 'node:fs';
import { DirectiveFilterQuery, toFilters } from '../store/filters.js';
import { collectDirectives, EXPORT_FORMATS, renderExport, type ExportFormat } from '../export/index.js';
import { nodeWebhookConfig } from '../runtime/node/webhooks.js';
import { WebhookNotifier } from '../notify/webhooks.js';
import { words } from '../store/search.js';
import type { DirectiveFilters, DirectiveView } from '../store/types.js';
import type { NodeConfig } from '../config.js';
import { checkRole } from '../store/sql/keys.js';
import { openSqliteStore } from '../store/sqlite.js';
import { ROLES, type Store } from '../store/types.js';
import { describeError, nodeConfig, readSource, UsageError } from './common.js';
import { ProgressBar } from './progress.js';
import { train } from './train.js';

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
      const firstKey = await ensureKey(cfg);
      if (firstKey === false) return 1;
      const server = await startServer(cfg);
      if (firstKey) {
        // stdout, once: the only time this key is ever shown (the store keeps its hash)
        process.stdout.write(
          `vanban: no API key yet: created the admin key "${firstKey.name}", shown only now, on the last line below (the store keeps its hash).\n` +
            `Sign in with it at ${server.url}/ (the web app), or use it as: curl -H "Authorization: Bearer $KEY" ${server.url}/v1/documents  (KEY: that last line)\n` +
            'Keys for others: vanban keys create --role reader|editor|admin --name NAME\n' +
            `${firstKey.key}\n`,
        );
      }
      console.error(`vanban listening on ${server.url} (database ${cfg.dbPath})`);
      if (!isLoopback(cfg.host)) {
        console.error(
          `vanban: WARNING: listening on ${cfg.host}, reachable from the network. Every route but /healthz and /docs needs an API key, ` +
            'and keys cross the network in clear text: put a TLS proxy in front.' +
            (cfg.access?.publicRead ? ' VANBAN_PUBLIC_READ is on: anyone who reaches this address can read every notice.' : ''),
        );
      }
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

  keys: {
    summary: 'API keys: create (printed once), list, revoke',
    usage: 'vanban keys create --role reader|editor|admin --name NAME | keys list [--json] | keys revoke NAME  [--db FILE]',
    options: {
      ...dbOption,
      role: { type: 'string', description: 'reader (reads), editor (also uploads, changes, deletes) or admin (also webhooks, audit)' },
      name: { type: 'string', description: 'a name for the key (letters, digits, . _ -), unique, shown in the audit trail' },
      json: { type: 'boolean', description: 'list as JSON' },
    },
    async run(args, values) {
      const [action, ...rest] = args;
      if (action === 'create') {
        if (rest.length) throw new UsageError('keys create takes --role and --name, no other arguments');
        if (typeof values.name !== 'string' || !values.name) throw new UsageError('keys create needs --name NAME');
        if (typeof values.role !== 'string') throw new UsageError(`keys create needs --role (${ROLES.join(', ')})`);
        checkRole(values.role);
        return withStore(values, async (store) => {
          const k = await store.createKey({ name: values.name as string, role: values.role as string });
          console.error(`created the ${k.role} key "${k.name}"; it is shown only now (the store keeps its hash). Send it as "Authorization: Bearer KEY".`);
          // the key alone, last, so scripts can take it with `tail -n 1`
          process.stdout.write(`${k.key}\n`);
          return 0;
        });
      }
      if (action === 'list') {
        if (rest.length) throw new UsageError('keys list takes no arguments');
        return withStore(values, async (store) => {
          const keys = await store.listKeys();
          if (values.json) process.stdout.write(JSON.stringify(keys, null, 2) + '\n');
          else {
            console.log(['NAME', 'ROLE', 'CREATED', 'REVOKED'].join('\t'));
            for (const k of keys) console.log([k.name, k.role, k.created_at, k.revoked_at ?? '-'].join('\t'));
          }
          return 0;
        });
      }
      if (action === 'revoke') {
        if (rest.length !== 1) throw new UsageError('keys revoke takes one NAME');
        return withStore(values, async (store) => {
          if (!(await store.revokeKey(rest[0]))) {
            console.error(`vanban keys: no active key named "${rest[0].slice(0, 64)}" ('vanban keys list' shows them)`);
            return 1;
          }
          console.error(`revoked the key "${rest[0]}": it is refused from now on`);
          return 0;
        });
      }
      throw new UsageError(action ? `unknown keys action "${action}": use create, list or revoke` : 'keys needs an action: create, list or revoke');
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
      // Registered webhooks hear about notices stored from the command line too.
      const notifier = new WebhookNotifier(rt.store, nodeWebhookConfig(cfg), 'vanban-cli');
      rt.pipeline.onStored?.((record) => notifier.documentStored(record));
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
        if ((await rt.store.listWebhooks()).length) {
          console.error('delivering webhooks...');
          await notifier.idle();
        }
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
          recognize: doc.needsOcr ? rt.ocrPool()?.recognize : undefined,
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
      await repairStream(path, createRepairer(loadRepairModel()));
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
        const pages = await ocr(doc, { recognize: doc.needsOcr ? rt.ocrPool()?.recognize : undefined });
        const rawLines = flattenLines(pages);
        const lines = await rt.repairer().repair(rawLines);
        const record = withSignatures(await extract(lines, { id: doc.id, doc: doc.filename, rawLines, gazetteer: rt.gazetteer }), doc.signatures);
        if (values.json) {
          process.stdout.write(JSON.stringify(record, null, 2) + '\n');
        } else {
          console.log(`${record.doc_type ?? 'notice'}: ${record.title ?? '(no title)'}`);
          console.log(`issuer: ${record.issuer ?? '-'}  date: ${record.date ?? '-'}  number: ${record.number ?? '-'}`);
          if (record.signature) {
            const s = record.signature;
            console.log(`signed by: ${s.signed_by ?? '-'}${s.organisation ? ` (${s.organisation})` : ''}  at: ${s.signed_at ?? '-'}`);
          }
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
    summary: 'full-text search over stored notices and directives (diacritics optional)',
    usage: 'vanban search QUERY [--in all|lines|directives] [--limit 10] [--offset 0] [--json] [--db FILE]',
    options: {
      ...dbOption,
      limit: { type: 'string', description: 'hits to show (default 10, at most 100)' },
      offset: { type: 'string', description: 'hits to skip (default 0)' },
      in: { type: 'string', description: 'all (default), lines or directives' },
      json: { type: 'boolean', description: 'print the page of hits as JSON' },
    },
    async run(args, values) {
      const query = args.join(' ').trim();
      if (!query || !words(query).length) throw new UsageError('search needs a QUERY with at least one word');
      if (query.length > 500) throw new UsageError('the QUERY is too long (at most 500 characters)');
      const { limit, offset } = pagingOptions(values, 10);
      const scope = (values.in as string | undefined) ?? 'all';
      if (!['all', 'lines', 'directives'].includes(scope)) throw new UsageError('--in must be all, lines or directives');
      const cfg = nodeConfig(values as Record<string, string>);
      const rt = await openRuntime(cfg);
      try {
        const res = await rt.store.search(query, { limit, offset, scope: scope as 'all' });
        if (values.json) process.stdout.write(JSON.stringify(res, null, 2) + '\n');
        else {
          const tty = process.stdout.isTTY;
          for (const h of res.items) {
            const text = tty ? markTerminal(h.text, h.highlights) : h.text;
            console.log(`${h.document_id}:${h.line}${h.directive_id ? ` [${h.directive_id}]` : ''}\t${text}`);
          }
          console.error(`${res.total} hit(s)`);
        }
      } finally {
        await rt.close();
      }
      return 0;
    },
  },

  directives: {
    summary: 'list directives by deadline, filtered by agency, dates, status',
    usage: 'vanban directives [--agency NAME] [--role lead|cooperate|any] [--due-before DATE] [--due-after DATE] [--overdue [--today DATE]] [--kind K] [--status S] [--document ID] [--q WORDS] [--json] [--db FILE]',
    options: { ...dbOption, ...filterOptions(), limit: { type: 'string', description: 'directives to show (default 50, at most 100)' },
      offset: { type: 'string', description: 'directives to skip' }, json: { type: 'boolean', description: 'print the page as JSON' } },
    async run(_args, values) {
      const filters = filtersFrom(values);
      const { limit, offset } = pagingOptions(values, 50);
      const rt = await openRuntime(nodeConfig(values as Record<string, string>));
      try {
        const res = await rt.store.listDirectives(filters, { limit, offset });
        if (values.json) process.stdout.write(JSON.stringify(res, null, 2) + '\n');
        else {
          for (const d of res.items) console.log(directiveLine(d));
          console.error(`${res.total} directive(s)${res.total > res.items.length ? `, showing ${offset + 1}-${offset + res.items.length}` : ''}`);
        }
      } finally {
        await rt.close();
      }
      return 0;
    },
  },

  train: {
    summary: 'rebuild the repair models from the corpus (development checkout only)',
    usage: 'vanban train lm|channel|all [--corpus DIR]',
    options: { corpus: { type: 'string', description: 'corpus folder (default ../shared/corpus)' } },
    async run(args, values) {
      if (args.length !== 1) throw new UsageError('train takes one of lm, channel, all');
      return train(args[0], values.corpus as string | undefined);
    },
  },

  export: {
    summary: 'export directives as CSV (Excel-ready), iCalendar or JSON, with the same filters',
    usage: 'vanban export --format csv|ics|json [--out FILE] [filters as for `vanban directives`] [--db FILE]',
    options: { ...dbOption, ...filterOptions(), format: { type: 'string', description: 'csv, ics or json' },
      out: { type: 'string', description: 'write to FILE instead of standard output' } },
    async run(_args, values) {
      const format = values.format as string | undefined;
      if (!format || !(EXPORT_FORMATS as readonly string[]).includes(format)) throw new UsageError('--format must be csv, ics or json');
      const filters = filtersFrom(values);
      const rt = await openRuntime(nodeConfig(values as Record<string, string>));
      try {
        const { items, total } = await collectDirectives(rt.store, filters);
        const body = renderExport(format as ExportFormat, items, total);
        if (values.out) {
          writeFileSync(values.out as string, body);
          console.error(`${items.length} directive(s) written to ${values.out}`);
        } else process.stdout.write(body);
      } finally {
        await rt.close();
      }
      return 0;
    },
  },
};

function pagingOptions(values: Record<string, string | boolean | undefined>, dflt: number) {
  const num = (name: string, d: number, min: number, max: number) => {
    const raw = values[name];
    if (raw === undefined) return d;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max) throw new UsageError(`--${name} must be a whole number from ${min} to ${max}`);
    return n;
  };
  return { limit: num('limit', dflt, 1, 100), offset: num('offset', 0, 0, 1_000_000_000) };
}

function filterOptions(): Command['options'] {
  return {
    agency: { type: 'string', description: 'agency id, name, alias or initials ("so khoa hoc", "Sở KH&CN", "SKHCN")' },
    role: { type: 'string', description: 'lead, cooperate or any (default)' },
    'due-before': { type: 'string', description: 'deadline on or before YYYY-MM-DD' },
    'due-after': { type: 'string', description: 'deadline on or after YYYY-MM-DD' },
    overdue: { type: 'boolean', description: 'only dated, not done directives past their deadline' },
    today: { type: 'string', description: 'reference date for --overdue (default today)' },
    kind: { type: 'string', description: 'deadline kind: before, by_end_of, no_later_than, on, recurring' },
    status: { type: 'string', description: 'open, in_progress or done' },
    document: { type: 'string', description: 'document id' },
    q: { type: 'string', description: 'words in the directive text' },
  };
}

/** The filters from the command line, checked by the same schema as the HTTP query. */
function filtersFrom(values: Record<string, string | boolean | undefined>): DirectiveFilters {
  const raw = {
    q: values.q, agency: values.agency, role: values.role, due_before: values['due-before'], due_after: values['due-after'],
    overdue: values.overdue ? 'true' : undefined, today: values.today, kind: values.kind, document: values.document, status: values.status,
  };
  const parsed = DirectiveFilterQuery.safeParse(Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined)));
  if (!parsed.success) throw new UsageError(parsed.error.issues.map((i) => i.message.replace(/^(due_before|due_after)/, (m) => `--${m.replace('_', '-')}`)).join('; '));
  try {
    return toFilters(parsed.data);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

function directiveLine(d: DirectiveView): string {
  const due = d.deadline ? (d.deadline.date ?? d.deadline.text) : '-';
  const who = d.assignees.map((a) => `${a.agency}${a.role === 'lead' ? '*' : ''}`).join('; ') || '?';
  const text = d.text.length > 100 ? `${d.text.slice(0, 99)}…` : d.text;
  return `${d.id}\t${due}\t${d.status}\t${who}\t${text}`;
}

function markTerminal(text: string, highlights: [number, number][]): string {
  let out = '';
  let pos = 0;
  for (const [a, b] of highlights) {
    out += text.slice(pos, a) + `\x1b[1;33m${text.slice(a, b)}\x1b[0m`;
    pos = b;
  }
  return out + text.slice(pos);
}

function oneFile(args: string[], cmd: string): string {
  if (args.length !== 1) throw new UsageError(`${cmd} takes exactly one FILE (or - for standard input)`);
  return args[0];
}

const CHUNK = 400;

/** Repairs a text file by chunks of lines, so memory stays bounded; keeps the line count exactly. */
async function repairStream(path: string, repairer: Repairer) {
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
    const out = await repairer.repairLines(batch);
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

/** 127.0.0.0/8, ::1 and localhost: addresses only this machine reaches. */
export function isLoopback(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

async function withStore(values: Record<string, string | boolean | undefined>, run: (store: Store) => Promise<number>): Promise<number> {
  const store = await openSqliteStore(nodeConfig(values as Record<string, string>).dbPath);
  try {
    return await run(store);
  } finally {
    await store.close();
  }
}

/**
 * Before listening: with no active key (and no VANBAN_ADMIN_KEY), creates an admin key to print once,
 * unless VANBAN_NO_BOOTSTRAP_KEY is set; then a server reachable from the network does not start (false).
 */
async function ensureKey(cfg: NodeConfig): Promise<{ name: string; key: string } | null | false> {
  const store = await openSqliteStore(cfg.dbPath);
  try {
    if (cfg.access?.adminKey || (await store.countKeys()) > 0) return null;
    if (cfg.bootstrapKey !== false) {
      const taken = new Set((await store.listKeys()).map((k) => k.name));
      let name = 'admin';
      for (let i = 2; taken.has(name); i++) name = `admin-${i}`;
      return await store.createKey({ name, role: 'admin' });
    }
    const how = 'create one first: vanban keys create --role admin --name NAME';
    if (!isLoopback(cfg.host)) {
      console.error(`vanban serve: refusing to listen on ${cfg.host} (reachable from the network) with no API key; ${how}`);
      return false;
    }
    console.error(`vanban: WARNING: no API key: every request but /healthz and /docs will be refused (401); ${how}`);
    return null;
  } finally {
    await store.close();
  }
}

// Node: repair and extraction on worker threads, so a large upload never holds the event loop (reads,
// /healthz and other uploads keep answering while it is decoded). Each thread reads the repair model and
// the gazetteer once, on its first task. Uploads wait in a bounded queue: when it is full they are refused
// at once (503, the server adds Retry-After) rather than piling up; jobs (scans read in the background) wait.
import { availableParallelism } from 'node:os';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { VanbanError } from '../../errors.js';
import type { FinishInput, RepairExtractInput, RepairExtractResult } from '../../pipeline/create.js';
import type { NoticeRecordT } from '../../record.js';
import type { TextLineT } from '../../record.js';
import type { RepairOptions, RepairedLine } from '../../repair/index.js';

/** What a thread is asked to do (see repair-thread.ts). */
export type ThreadTask =
  | { kind: 'repairExtract'; input: RepairExtractInput }
  | { kind: 'finish'; input: FinishInput }
  | { kind: 'repairDetailed'; lines: string[]; options?: RepairOptions }
  | { kind: 'repair'; lines: TextLineT[]; options?: RepairOptions };

export type ThreadReply =
  | { id: number; ok: true; value: unknown }
  | { id: number; ok: false; error: { name: string; message: string; status?: number; code?: string } };

export interface RepairPoolOptions {
  /** threads (default: VANBAN_REPAIR_THREADS, else min(2, cores)) */
  threads?: number;
  /** uploads waiting for a thread before more are refused (default: VANBAN_REPAIR_QUEUE, else 32) */
  maxQueue?: number;
  /** another models/ folder for the repair model (as loadRepairModel) */
  modelDir?: string;
  /** niceness of the threads on Linux (default 10: the event loop answering reads comes first) */
  nice?: number;
  /** the SQLite file the threads write finished documents to (finish); without it they only repair and extract */
  dbPath?: string;
}

export interface RepairPool {
  readonly threads: number;
  readonly maxQueue: number;
  repairExtract(input: RepairExtractInput, opts?: { background?: boolean }): Promise<RepairExtractResult>;
  /** repair, extract and store a read document on a thread (needs dbPath) */
  /** handOver: the document's bytes move to the thread (emptied here) instead of being copied */
  finish(input: FinishInput, opts?: { background?: boolean; handOver?: boolean }): Promise<{ record: NoticeRecordT; created: boolean }>;
  repairDetailed(lines: string[], options?: RepairOptions): Promise<{ lines: RepairedLine[] }>;
  repair(lines: TextLineT[], options?: RepairOptions): Promise<TextLineT[]>;
  /** tasks waiting and running, for tests and logs */
  stats(): { queued: number; running: number };
  /** seconds a refused upload should wait before trying again */
  retryAfter(): number;
  close(): Promise<void>;
}

/** The error an upload gets when the queue is full (503; the Node server adds Retry-After). */
export class BusyError extends VanbanError {
  constructor(
    message: string,
    readonly retryAfter: number,
  ) {
    super(503, 'busy', message);
  }
}

const intEnv = (v: string | undefined): number | undefined => {
  if (v === undefined || v.trim() === '') return undefined;
  const n = Number(v);
  return Number.isInteger(n) && n >= 0 ? n : undefined;
};

/** VANBAN_REPAIR_THREADS (0: repair and extract on the event loop, as before), default min(2, cores). */
export function repairThreadsFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  return intEnv(env.VANBAN_REPAIR_THREADS) ?? Math.max(1, Math.min(2, availableParallelism()));
}

/**
 * The thread's entry next to this module: the built JS under dist/, or (run from the TypeScript source, as
 * in tests that import src/) the .ts file loaded through tsx, registered in the thread before the import.
 */
function threadEntry(): { entry: URL | string; eval?: boolean } {
  const here = import.meta.url;
  if (/\.ts$/.test(new URL(here).pathname)) {
    const tsx = new URL('dist/esm/api/index.mjs', pathToFileURL(createRequire(here).resolve('tsx/package.json'))).href;
    const file = new URL('./repair-thread.ts', here).href;
    return { entry: `import(${JSON.stringify(tsx)}).then((m) => m.register()).then(() => import(${JSON.stringify(file)}))`, eval: true };
  }
  return { entry: new URL('./repair-thread.js', here) };
}

interface Pending {
  id: number;
  task: ThreadTask;
  transfer: ArrayBuffer[];
  resolve(v: unknown): void;
  reject(e: Error): void;
}

interface Slot {
  worker: Worker;
  current: Pending | null;
  /** when the current task was posted */
  started: number;
}

export function createRepairPool(opts: RepairPoolOptions = {}): RepairPool {
  const size = Math.max(1, opts.threads ?? repairThreadsFromEnv());
  const maxQueue = opts.maxQueue ?? intEnv(process.env.VANBAN_REPAIR_QUEUE) ?? 32;
  const entry = threadEntry();
  const slots: (Slot | null)[] = Array.from({ length: size }, () => null);
  const queue: Pending[] = [];
  let nextId = 1;
  let closed = false;
  // a running mean of task time, for Retry-After
  let meanMs = 2000;

  const spawn = (i: number): Slot => {
    const worker = new Worker(entry.entry, {
      eval: entry.eval,
      workerData: { modelDir: opts.modelDir, nice: opts.nice ?? intEnv(process.env.VANBAN_REPAIR_NICE) ?? 10, dbPath: opts.dbPath },
    });
    const slot: Slot = { worker, current: null, started: 0 };
    worker.on('message', (m: ThreadReply) => {
      const p = slot.current;
      if (!p || p.id !== m.id) return;
      slot.current = null;
      meanMs = meanMs * 0.8 + (performance.now() - slot.started) * 0.2;
      if (m.ok) p.resolve(m.value);
      else p.reject(fromThread(m.error));
      pump();
    });
    const lost = (err: Error) => {
      // the thread died (out of memory, a crash): its task fails, the next task starts a fresh thread
      if (slots[i] === slot) slots[i] = null;
      const p = slot.current;
      slot.current = null;
      p?.reject(new VanbanError(500, 'processing_failed', `repair thread stopped: ${err.message}`));
      if (!closed) pump();
    };
    worker.on('error', lost);
    worker.on('exit', (code) => lost(new Error(`exit code ${code}`)));
    return slot;
  };

  const pump = () => {
    if (closed) return;
    for (let i = 0; i < slots.length && queue.length; i++) {
      let slot = slots[i];
      if (slot?.current) continue;
      slot ??= slots[i] = spawn(i);
      const p = queue.shift()!;
      slot.current = p;
      slot.started = performance.now();
      slot.worker.ref();
      slot.worker.postMessage({ id: p.id, task: p.task }, p.transfer);
    }
    // idle threads do not keep the process alive
    for (const s of slots) if (s && !s.current) s.worker.unref();
  };

  const retryAfter = () => Math.min(120, Math.max(1, Math.ceil(((queue.length / size + 1) * meanMs) / 1000)));

  const run = <T>(task: ThreadTask, background = false, transfer: ArrayBuffer[] = []): Promise<T> => {
    if (closed) return Promise.reject(new VanbanError(503, 'closing', 'the server is shutting down'));
    const busy = slots.filter((s) => s?.current).length;
    if (!background && busy >= size && queue.length >= maxQueue) {
      const wait = retryAfter();
      return Promise.reject(
        new BusyError(`the server is busy (${queue.length} documents waiting to be read): try again in ${wait} s`, wait),
      );
    }
    return new Promise<T>((resolve, reject) => {
      queue.push({ id: nextId++, task, transfer, resolve: resolve as (v: unknown) => void, reject });
      pump();
    });
  };

  return {
    threads: size,
    maxQueue,
    repairExtract: (input, o = {}) => run({ kind: 'repairExtract', input }, o.background),
    finish: (input, o = {}) => {
      if (!opts.dbPath) return Promise.reject(new Error('the repair pool has no store file'));
      const b = input.doc.bytes;
      // only a buffer the bytes fill alone can move (not a slice of Node's shared pool)
      const movable = o.handOver && b.buffer instanceof ArrayBuffer && b.byteOffset === 0 && b.byteLength === b.buffer.byteLength;
      return run({ kind: 'finish', input }, o.background, movable ? [b.buffer as ArrayBuffer] : []);
    },
    repairDetailed: (lines, options) => run({ kind: 'repairDetailed', lines, options }),
    repair: (lines, options) => run({ kind: 'repair', lines, options }),
    stats: () => ({ queued: queue.length, running: slots.filter((s) => s?.current).length }),
    retryAfter,
    async close() {
      closed = true;
      for (const p of queue.splice(0)) p.reject(new VanbanError(503, 'closing', 'the server is shutting down'));
      await Promise.all(
        slots.map(async (s, i) => {
          slots[i] = null;
          if (s) await s.worker.terminate();
        }),
      );
    },
  };
}

function fromThread(e: { name: string; message: string; status?: number; code?: string }): Error {
  if (e.name === 'VanbanError' && e.status && e.code) return new VanbanError(e.status as VanbanError['status'], e.code, e.message);
  const err = new Error(e.message);
  err.name = e.name;
  return err;
}

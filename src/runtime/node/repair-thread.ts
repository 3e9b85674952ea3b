// A repair thread (see repair-pool.ts): reads the repair model and the gazetteer once, on its first task,
// then repairs and extracts what the pool posts, one task at a time.
import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import type { Gazetteer } from '../../extract/agencies.js';
import { finishDocument, repairAndExtract } from '../../pipeline/create.js';
import { createRepairer, type Repairer } from '../../repair/index.js';
import { openSqliteStore } from '../../store/sqlite.js';
import type { SqlStore } from '../../store/sql.js';
import { loadGazetteer, loadRepairModel } from './models.js';
import type { ThreadReply, ThreadTask } from './repair-pool.js';

const data = (workerData ?? {}) as { modelDir?: string; nice?: number; dbPath?: string };

// Linux: this thread (not the process) runs at a lower priority, so the event loop answering reads gets the
// cores first when both want them; elsewhere, or if refused, it runs as it is.
if (data.nice) {
  try {
    const tid = Number(/task\/(\d+)$/.exec(readlinkSync('/proc/thread-self'))?.[1]);
    if (tid) setPriority(tid, data.nice);
  } catch {
    /* not Linux: the same priority as the event loop */
  }
}
let repairer: Repairer | undefined;
let gazetteer: Gazetteer | undefined;
let store: Promise<SqlStore> | undefined;

async function run(task: ThreadTask): Promise<unknown> {
  repairer ??= createRepairer(loadRepairModel(data.modelDir));
  switch (task.kind) {
    case 'repairExtract':
      gazetteer ??= await loadGazetteer();
      return repairAndExtract(task.input, (lines) => repairer!.repair(lines), gazetteer);
    case 'finish': {
      if (!data.dbPath) throw new Error('this thread has no store');
      // its own connection to the store's file; a write waits here, not on the event loop, for another's to end
      store ??= openSqliteStore(data.dbPath, { busyTimeoutMs: 120_000 });
      gazetteer ??= await loadGazetteer();
      return finishDocument(task.input, { store: await store, gazetteer, repair: (lines) => repairer!.repair(lines) });
    }
    case 'repairDetailed':
      return repairer.repairDetailed(task.lines, task.options);
    case 'repair':
      return repairer.repair(task.lines, task.options);
  }
}

parentPort!.on('message', async (m: { id: number; task: ThreadTask }) => {
  let reply: ThreadReply;
  try {
    reply = { id: m.id, ok: true, value: await run(m.task) };
  } catch (err) {
    const e = err as Error & { status?: number; code?: string };
    reply = {
      id: m.id,
      ok: false,
      error: { name: e?.name ?? 'Error', message: String(e?.message ?? err), status: e?.status, code: e?.code },
    };
  }
  parentPort!.postMessage(reply);
});

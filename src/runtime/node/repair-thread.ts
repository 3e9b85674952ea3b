// A repair thread (see repair-pool.ts): reads the repair model and the gazetteer once, on its first task,
// then repairs and extracts what the pool posts, one task at a time.
import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import type { Gazetteer } from '../../extract/agencies.js';
import { repairAndExtract } from '../../pipeline/create.js';
import { createRepairer, type Repairer } from '../../repair/index.js';
import { loadGazetteer, loadRepairModel } from './models.js';
import type { ThreadReply, ThreadTask } from './repair-pool.js';

const data = (workerData ?? {}) as { modelDir?: string; nice?: number };

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

async function run(task: ThreadTask): Promise<unknown> {
  repairer ??= createRepairer(loadRepairModel(data.modelDir));
  switch (task.kind) {
    case 'repairExtract':
      gazetteer ??= await loadGazetteer();
      return repairAndExtract(task.input, (lines) => repairer!.repair(lines), gazetteer);
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

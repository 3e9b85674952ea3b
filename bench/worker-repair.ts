// Bench-only Worker: repair alone inside workerd (used by bench/worker.ts; not deployed).
// POST /load loads the model from the MODELS assets; POST /repair repairs the body's lines;
// POST /echo splits them only (the baseline for transfer and parsing).
import { createRepairer, type Repairer } from '../src/repair/index.js';
import { loadRepairModel, type AssetFetcher } from '../src/runtime/workers/model.js';

let repairer: Repairer | undefined;

export default {
  async fetch(request: Request, env: { MODELS: AssetFetcher }): Promise<Response> {
    const path = new URL(request.url).pathname;
    if (path === '/load') {
      const { status, model } = await loadRepairModel(env.MODELS);
      if (model) repairer = createRepairer(model);
      return Response.json(status);
    }
    const lines = (await request.text()).split('\n');
    if (path === '/echo') return Response.json({ lines: lines.length });
    const t0 = performance.now();
    if (!repairer) return Response.json({ error: 'POST /load first' }, { status: 409 });
    const out = await repairer.repairLines(lines);
    // inside workerd the clock moves only across I/O, so this is usually 0: the bench times from outside
    const insideMs = performance.now() - t0;
    return Response.json({ lines: out.length, changed: out.filter((l, i) => l !== lines[i]).length, insideMs });
  },
};

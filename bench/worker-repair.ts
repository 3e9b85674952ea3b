// Bench-only Worker: repair alone inside workerd (used by bench/worker.ts; not deployed).
// POST /load loads the model from the MODELS assets; POST /repair repairs the body's lines;
// POST /echo splits them only (the baseline for transfer and parsing).
import { repairLines } from '../src/repair/index.js';
import { loadRepairModel, type AssetFetcher } from '../src/runtime/workers/model.js';

export default {
  async fetch(request: Request, env: { MODELS: AssetFetcher }): Promise<Response> {
    const path = new URL(request.url).pathname;
    if (path === '/load') return Response.json(await loadRepairModel(env.MODELS));
    const lines = (await request.text()).split('\n');
    if (path === '/echo') return Response.json({ lines: lines.length });
    const t0 = performance.now();
    const out = await repairLines(lines);
    // inside workerd the clock moves only across I/O, so this is usually 0: the bench times from outside
    const insideMs = performance.now() - t0;
    return Response.json({ lines: out.length, changed: out.filter((l, i) => l !== lines[i]).length, insideMs });
  },
};

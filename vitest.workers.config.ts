// Worker tests, offline: `vitest run -c vitest.workers.config.ts`. Two projects: "workerd" runs inside the
// Workers runtime with a local D1 and the MODELS assets; "bundle" (Node) boots wrangler's deployable bundle.
import { defineWorkersProject, readD1Migrations } from '@cloudflare/vitest-pool-workers/config';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { defineConfig } from 'vitest/config';

// The largest dev notice (shared/ beside the repository), to measure D1 statement counts; optional.
const GOLD = new URL('../shared/gold/restored/001_9c81ef7ce2cdda6b.txt', import.meta.url);
const SAMPLES = new URL('./samples/scans/', import.meta.url);
// bindings travel as JSON: the bytes as base64
const samplePdfs = Object.fromEntries(
  readdirSync(SAMPLES).filter((f) => f.endsWith('.pdf')).map((f) => [f, readFileSync(new URL(f, SAMPLES)).toString('base64')]),
);
// workerd has no file system: the migrations are read here and handed to the tests as a binding
const migrations = await readD1Migrations('src/store/migrations');

export default defineConfig({
  test: {
    projects: [
      defineWorkersProject({
        // as [alias] in wrangler.toml: the Worker's `natural` is only its string distances
        resolve: { alias: [{ find: /^natural$/, replacement: new URL('./src/runtime/workers/shims/natural.ts', import.meta.url).pathname }] },
        test: {
          name: 'workerd',
          include: ['test/worker/**/*.test.ts'],
          exclude: ['test/worker/**/*.node.test.ts'],
          setupFiles: ['./test/worker/setup.ts'],
          testTimeout: 60_000,
          poolOptions: {
            workers: {
              singleWorker: true,
              wrangler: { configPath: './wrangler.toml' },
              miniflare: {
                bindings: {
                  TEST_MIGRATIONS: migrations,
                  LARGEST_DEV_NOTICE: existsSync(GOLD) ? readFileSync(GOLD, 'utf8') : '',
                  SAMPLE_PDFS: samplePdfs,
                },
              },
            },
          },
        },
      }),
      {
        test: {
          name: 'bundle',
          include: ['test/worker/**/*.node.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});

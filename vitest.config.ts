import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/worker/**', 'node_modules/**'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // integration tests start servers and tesseract workers: keep the 2-core machine from thrashing
    maxWorkers: 2,
    minWorkers: 1,
  },
});

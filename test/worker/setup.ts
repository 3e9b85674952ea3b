// Runs in workerd before each test file: the schema, applied by the D1 adapter's own migrate().
// Storage is isolated per test file and rolled back after each test, so every test starts from it.
import { env } from 'cloudflare:test';
import { D1Executor } from '../../src/store/d1.js';

await new D1Executor(env.DB, { migrations: env.TEST_MIGRATIONS }).migrate();

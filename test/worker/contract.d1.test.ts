// The Store contract suite on D1, inside workerd. Storage is rolled back after each test, so every
// store starts from the migrated, empty database the setup file leaves.
import { env } from 'cloudflare:test';
import { D1Executor } from '../../src/store/d1.js';
import { SqlStore } from '../../src/store/sql.js';
import { storeContract } from '../store/contract.js';

storeContract('D1 (workerd)', async () => {
  const store = new SqlStore(new D1Executor(env.DB, { migrations: env.TEST_MIGRATIONS }));
  await store.migrate();
  return store;
});

// Loading the repair model from assets, and what the Worker reports when it cannot.
import { describe, expect, it } from 'vitest';
import { loadRepairModel } from '../../src/runtime/workers/model.js';

describe('repair model from assets', () => {
  it('says why it is unavailable instead of throwing', async () => {
    expect((await loadRepairModel(undefined)).status).toEqual({ model: 'unavailable', reason: 'no MODELS assets binding' });
    const empty = { fetch: async () => new Response('not found', { status: 404 }) };
    const { status, model } = await loadRepairModel(empty);
    expect(model).toBeUndefined();
    expect(status.model).toBe('unavailable');
    expect(status.reason).toMatch(/lm\/lm\.bin\.gz not found/);
  });
});

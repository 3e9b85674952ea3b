// The pipeline on a real SQLite store: what is repaired and what is kept as it came.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultLimits } from '../../src/config.js';
import { sha256Hex } from '../../src/ingest/index.js';
import type { IngestedDocument, MediaType } from '../../src/pipeline/types.js';
import { createPipeline, type Pipeline } from '../../src/pipeline/create.js';
import { openSqliteStore } from '../../src/store/sqlite.js';
import type { Store } from '../../src/store/types.js';
import { testGazetteer, testRepairer } from '../helpers/models.js';

async function doc(mediaType: MediaType, pages: string[]): Promise<IngestedDocument> {
  const bytes = new TextEncoder().encode(`${mediaType}\n${pages.join('\f')}`);
  const sha256 = await sha256Hex(bytes);
  return {
    id: sha256.slice(0, 16),
    sha256,
    filename: 'x',
    mediaType,
    bytes,
    pages: pages.map((text, i) => ({ number: i + 1, kind: 'text' as const, text })),
    needsOcr: false,
  };
}

describe('pipeline', () => {
  let store: Store;
  let pipeline: Pipeline;
  beforeAll(async () => {
    store = await openSqliteStore(':memory:');
    pipeline = createPipeline({ store, limits: defaultLimits, repair: testRepairer().repair, gazetteer: await testGazetteer() });
  });
  afterAll(async () => store.close());

  it('repairs text notices, line for line, keeping the raw lines', async () => {
    const d = await doc('text/plain', ['Két luén ciia Chu tich Uy ban nhan dan tinh\n\nS& Noi vu\n']);
    await pipeline.complete(d);
    const lines = (await store.getLines(d.id))!;
    expect(lines.map((l) => l.text)).toEqual(['Kết luận của Chủ tịch Ủy ban nhân dân tỉnh', '', 'Sở Nội vụ']);
  });

  it('keeps a trusted PDF text layer exactly as it came, on every page', async () => {
    // correct Vietnamese that the repair model would "improve" (này -> ngày, hằng -> hàng, cống -> công)
    const pageText = [
      'Văn phòng Ủy ban nhân dân xã niêm yết công khai thông báo này tại trụ sở và\nđịnh kỳ sáng thứ Hai hằng tuần báo cáo tiến độ',
      'Tuy nhiên, việc duy tu đê bao còn chậm; một số cống tiêu nước bị bồi lắng',
    ];
    const d = await doc('application/pdf', pageText);
    await pipeline.complete(d);
    const lines = (await store.getLines(d.id))!;
    expect(lines.map((l) => [l.page, l.text])).toEqual([
      [1, pageText[0].split('\n')[0]],
      [1, pageText[0].split('\n')[1]],
      [2, pageText[1]],
    ]);
  });
});

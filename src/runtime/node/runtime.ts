// Node wiring: SQLite store, PDF/image readers and the OCR pool behind one pipeline.
import type { NodeConfig } from '../../config.js';
import { readImage } from '../../ingest/image.js';
import { readPdf } from '../../ingest/pdf.js';
import { JobQueue } from '../../pipeline/jobs.js';
import { createOcrPool, type OcrPool } from '../../ocr/tesseract.js';
import { createPipeline, type Pipeline } from '../../pipeline/create.js';
import { openSqliteStore } from '../../store/sqlite.js';
import type { Store } from '../../store/types.js';

export interface NodeRuntime {
  store: Store;
  pipeline: Pipeline;
  jobs: JobQueue;
  close(): Promise<void>;
}

export async function openRuntime(config: Pick<NodeConfig, 'dbPath' | 'limits' | 'ocrWorkers'>): Promise<NodeRuntime> {
  const store = await openSqliteStore(config.dbPath);
  let pool: OcrPool | null = null;
  const pipeline = createPipeline({
    store,
    limits: config.limits,
    readers: { 'application/pdf': readPdf, 'image/png': readImage, 'image/jpeg': readImage, 'image/tiff': readImage, 'image/webp': readImage },
    // The pool starts on the first scan: text-only use never pays for tesseract workers.
    recognize: async (page) => {
      pool ??= createOcrPool({ workers: config.ocrWorkers || undefined });
      if (!pool) throw new Error('OCR is not available');
      return pool.recognize(page);
    },
  });
  const jobs = new JobQueue(store, pipeline);
  return {
    store,
    pipeline,
    jobs,
    async close() {
      await jobs.drained();
      // The pool is shared in the process (the CLI's `ocr` reuses it): stop its workers so the process can exit.
      await (pool ?? createOcrPool({ workers: config.ocrWorkers || undefined }))?.close();
      await store.close();
    },
  };
}

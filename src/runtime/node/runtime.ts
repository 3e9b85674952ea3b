// Node wiring: SQLite store, PDF/image readers, the OCR pool, the repair model and the gazetteer
// behind one pipeline. Everything here is made per runtime and passed in; nothing is process-wide.
import type { NodeConfig } from '../../config.js';
import type { Gazetteer } from '../../extract/agencies.js';
import { readImage } from '../../ingest/image.js';
import { readPdf } from '../../ingest/pdf.js';
import { createOcrPool, type OcrPool } from '../../ocr/tesseract.js';
import { createPipeline, type Pipeline } from '../../pipeline/create.js';
import { JobQueue } from '../../pipeline/jobs.js';
import type { Repairer } from '../../repair/index.js';
import { openSqliteStore } from '../../store/sqlite.js';
import type { Store } from '../../store/types.js';
import { lazyRepairer, loadGazetteer } from './models.js';

export interface NodeRuntime {
  store: Store;
  pipeline: Pipeline;
  jobs: JobQueue;
  gazetteer: Gazetteer;
  /** the repair stage, its model read on first use */
  repairer(): Repairer;
  /** the OCR pool, its workers started on first use; null when the OCR model is not installed */
  ocrPool(): OcrPool | null;
  close(): Promise<void>;
}

export async function openRuntime(config: Pick<NodeConfig, 'dbPath' | 'limits' | 'ocrWorkers'>): Promise<NodeRuntime> {
  const store = await openSqliteStore(config.dbPath);
  const gazetteer = await loadGazetteer();
  // Text-only use never pays for tesseract workers, and OCR-only use never reads the repair model.
  let pool: OcrPool | null | undefined;
  const ocrPool = () => (pool === undefined ? (pool = createOcrPool({ workers: config.ocrWorkers || undefined })) : pool);
  const getRepairer = lazyRepairer();
  const pipeline = createPipeline({
    store,
    limits: config.limits,
    gazetteer,
    readers: { 'application/pdf': readPdf, 'image/png': readImage, 'image/jpeg': readImage, 'image/tiff': readImage, 'image/webp': readImage },
    recognize: async (page) => {
      const p = ocrPool();
      if (!p) throw new Error('OCR is not available');
      return p.recognize(page);
    },
    repair: (lines) => getRepairer().repair(lines),
  });
  const jobs = new JobQueue(store, pipeline);
  return {
    store,
    pipeline,
    jobs,
    gazetteer,
    repairer: getRepairer,
    ocrPool,
    async close() {
      await jobs.drained();
      // stop the OCR workers so the process can exit
      await pool?.close();
      await store.close();
    },
  };
}

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
import { type Reextract, reextractWith } from '../../pipeline/corrections.js';
import type { PageImageRenderer } from '../../api/corrections.js';
import { lazyRepairer, loadGazetteer } from './models.js';
import { pageImageRenderer } from './page-images.js';
import { createRepairPool, type RepairPool } from './repair-pool.js';

export interface NodeRuntime {
  store: Store;
  pipeline: Pipeline;
  jobs: JobQueue;
  gazetteer: Gazetteer;
  /** the repair stage, its model read on first use */
  repairer(): Repairer;
  /** the OCR pool, its workers started on first use; null when the OCR model is not installed */
  ocrPool(): OcrPool | null;
  /** the repair threads, when asked for (repairThreads > 0): they repair and extract the pipeline's documents */
  repairPool: RepairPool | null;
  /** extraction again after a line edit, with this runtime's gazetteer */
  reextract: Reextract;
  /** page images of scans for review, JPEG, cached */
  pageImage: PageImageRenderer;
  close(): Promise<void>;
}

export interface RuntimeOptions {
  /** worker threads for repair and extraction (0 or absent: on the event loop, as the CLI does) */
  repairThreads?: number;
  /** uploads waiting for a repair thread before more are refused with 503 */
  repairQueue?: number;
}

export async function openRuntime(config: Pick<NodeConfig, 'dbPath' | 'limits' | 'ocrWorkers'>, options: RuntimeOptions = {}): Promise<NodeRuntime> {
  const store = await openSqliteStore(config.dbPath);
  const gazetteer = await loadGazetteer();
  // Text-only use never pays for tesseract workers, and OCR-only use never reads the repair model.
  let pool: OcrPool | null | undefined;
  const ocrPool = () => (pool === undefined ? (pool = createOcrPool({ workers: config.ocrWorkers || undefined })) : pool);
  const getRepairer = lazyRepairer();
  // threads start on first use, each reading the model then; the event loop only ingests and stores
  // Over a SQLite file the threads also write what they finish (their own connections), so a large
  // document's transaction does not hold the event loop either; an in-memory store is only reachable here.
  const fileStore = config.dbPath !== ':memory:' && !config.dbPath.startsWith('file::memory:');
  const repairPool = options.repairThreads
    ? createRepairPool({ threads: options.repairThreads, maxQueue: options.repairQueue, dbPath: fileStore ? config.dbPath : undefined })
    : null;
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
    repairExtract: repairPool ? (input, ctx) => repairPool.repairExtract(input, ctx) : undefined,
    finish: repairPool && fileStore ? (input, ctx) => repairPool.finish(input, ctx) : undefined,
  });
  const jobs = new JobQueue(store, pipeline);
  return {
    store,
    pipeline,
    jobs,
    gazetteer,
    repairer: getRepairer,
    ocrPool,
    repairPool,
    reextract: reextractWith(gazetteer),
    pageImage: pageImageRenderer(config.limits),
    async close() {
      await jobs.drained();
      await repairPool?.close();
      // stop the OCR workers so the process can exit
      await pool?.close();
      await store.close();
    },
  };
}

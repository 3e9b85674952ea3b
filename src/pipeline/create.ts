// The pipeline in order: ingest -> ocr -> repair -> extract -> store.
import type { Limits } from '../config.js';
import type { Gazetteer } from '../extract/agencies.js';
import { extract, withSignatures } from '../extract/index.js';
import { ingest, type IngestOptions } from '../ingest/index.js';
import { ocr, type PageRecognizer } from '../ocr/index.js';
import { flattenLines, type IngestedDocument, type MediaType, type OnProgress, type SourceFile } from './types.js';
import type { NoticeRecordT, TextLineT } from '../record.js';
import type { Store } from '../store/types.js';

export interface PipelineDeps {
  store: Store;
  limits: Limits;
  readers?: IngestOptions['readers'];
  recognize?: PageRecognizer;
  accept?: (type: MediaType) => boolean;
  /** the repair stage (a Repairer's repair over the runtime's model) */
  repair: (lines: TextLineT[]) => Promise<TextLineT[]>;
  /** the agency gazetteer for extraction */
  gazetteer: Gazetteer;
  /** called after a new notice is stored (not for one already stored) */
  onStored?: StoredListener;
}

export type StoredListener = (record: NoticeRecordT) => void;

export interface Pipeline {
  readonly limits: Limits;
  /** true when scans can be read here (OCR available) */
  readonly canOcr: boolean;
  ingest(file: SourceFile): Promise<IngestedDocument>;
  /** OCR, repair, extract and store an ingested document; returns its record. */
  complete(doc: IngestedDocument, opts?: { jobId?: string; onProgress?: OnProgress }): Promise<{ record: NoticeRecordT; created: boolean }>;
  /** Adds a listener called after each new notice is stored; returns its removal. */
  onStored?(listener: StoredListener): () => void;
}

export function createPipeline(deps: PipelineDeps): Pipeline {
  const listeners = new Set<StoredListener>(deps.onStored ? [deps.onStored] : []);
  return {
    onStored(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    limits: deps.limits,
    canOcr: !!deps.recognize,
    ingest: (file) => ingest(file, { limits: deps.limits, readers: deps.readers, accept: deps.accept }),
    async complete(doc, opts = {}) {
      const progress = opts.onProgress;
      const pages = await ocr(doc, { recognize: deps.recognize, onProgress: progress });
      const rawLines = flattenLines(pages);
      progress?.({ stage: 'repair', done: 0, total: 1 });
      // A trusted PDF text layer is already right: repairing it could only change correct words.
      const layerPages = new Set(pages.pages.filter((p) => p.source === 'text-layer').map((p) => p.number));
      const toRepair = rawLines.filter((l) => !layerPages.has(l.page));
      const repaired = toRepair.length ? await deps.repair(toRepair) : [];
      let next = 0;
      const lines = rawLines.map((l) => (layerPages.has(l.page) ? l : repaired[next++]));
      progress?.({ stage: 'extract', done: 0, total: 1 });
      const record = withSignatures(await extract(lines, { id: doc.id, doc: doc.filename, rawLines, gazetteer: deps.gazetteer }), doc.signatures);
      progress?.({ stage: 'store', done: 0, total: 1 });
      const created = await deps.store.putDocument(
        {
          id: doc.id,
          sha256: doc.sha256,
          filename: doc.filename,
          mediaType: doc.mediaType,
          original: doc.bytes,
          pages: pages.pages.map((p) => ({ number: p.number, source: p.source })),
          lines,
          rawLines,
          record,
        },
        { finishJob: opts.jobId },
      );
      // Listeners (webhooks) must not fail or delay the store.
      if (created) {
        for (const l of listeners) {
          try {
            l(record);
          } catch {
            /* a listener's own failure is its own to report */
          }
        }
      }
      const stored = created ? record : ((await deps.store.getRecord(doc.id)) ?? record);
      return { record: stored, created };
    },
  };
}

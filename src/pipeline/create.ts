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
  /**
   * Repair and extraction in one call, e.g. on a worker thread (the Node runtime); default: `repairAndExtract`
   * here with `repair` and `gazetteer`. background: the call comes from a job (it may wait; an upload may be refused).
   */
  repairExtract?: (input: RepairExtractInput, ctx: { background: boolean }) => Promise<RepairExtractResult>;
  /** called after a new notice is stored (not for one already stored) */
  onStored?: StoredListener;
}

export interface RepairExtractInput {
  id: string;
  doc: string;
  /** every line of the document, before repair */
  rawLines: TextLineT[];
  /** pages whose lines are a trusted PDF text layer: kept as read */
  layerPages: number[];
}

export interface RepairExtractResult {
  /** the lines after repair (same count and order as rawLines) */
  lines: TextLineT[];
  /** the record, before the signatures are added */
  record: NoticeRecordT;
}

/** Repairs the lines not from a trusted text layer, then extracts the record from all of them. */
export async function repairAndExtract(
  input: RepairExtractInput,
  repair: (lines: TextLineT[]) => Promise<TextLineT[]>,
  gazetteer: Gazetteer,
): Promise<RepairExtractResult> {
  const { rawLines } = input;
  // A trusted PDF text layer is already right: repairing it could only change correct words.
  const layerPages = new Set(input.layerPages);
  const toRepair = rawLines.filter((l) => !layerPages.has(l.page));
  const repaired = toRepair.length ? await repair(toRepair) : [];
  let next = 0;
  const lines = rawLines.map((l) => (layerPages.has(l.page) ? l : repaired[next++]));
  const record = await extract(lines, { id: input.id, doc: input.doc, rawLines, gazetteer });
  return { lines, record };
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
      const input: RepairExtractInput = {
        id: doc.id,
        doc: doc.filename,
        rawLines,
        layerPages: pages.pages.filter((p) => p.source === 'text-layer').map((p) => p.number),
      };
      const done = deps.repairExtract
        ? await deps.repairExtract(input, { background: !!opts.jobId })
        : await repairAndExtract(input, deps.repair, deps.gazetteer);
      const lines = done.lines;
      progress?.({ stage: 'extract', done: 0, total: 1 });
      const record = withSignatures(done.record, doc.signatures);
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

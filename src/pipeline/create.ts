// The pipeline in order: ingest -> ocr -> repair -> extract -> store.
import type { Limits } from '../config.js';
import type { Gazetteer } from '../extract/agencies.js';
import { extract, withSignatures } from '../extract/index.js';
import { ingest, type IngestOptions } from '../ingest/index.js';
import { lazyTextPage } from '../ingest/text.js';
import { ocr, type PageRecognizer } from '../ocr/index.js';
import { flattenLines, type IngestedDocument, type IngestedPage, type MediaType, type OcrPage, type OnProgress, type SourceFile } from './types.js';
import type { NoticeRecordT, TextLineT } from '../record.js';
import { withStoredIds } from '../store/sql/documents.js';
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
  /**
   * Everything after OCR (repair, extraction and the store's write) in one call, e.g. on a worker thread with
   * its own connection to the same store (the Node runtime over a SQLite file), so that neither the work nor
   * a large document's write transaction holds the event loop. Takes the place of repairExtract when given.
   */
  finish?: (input: FinishInput, ctx: { background: boolean; handOver: boolean }) => Promise<{ record: NoticeRecordT; created: boolean }>;
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

/**
 * A document ready to be finished elsewhere: its text pages (split into lines there) or, for scans, the
 * pages OCR read here. Only plain data, so that it can be posted to a thread.
 */
export interface FinishInput {
  /** pages: as ingested, with no images; none for a text file, whose one page is decoded from bytes there */
  doc: Pick<IngestedDocument, 'id' | 'sha256' | 'filename' | 'mediaType' | 'bytes' | 'signatures'> & { pages: IngestedPage[] };
  /** the pages read by OCR here; absent when every page is text */
  ocrPages?: OcrPage[];
  jobId?: string;
}

export interface FinishDeps {
  store: Store;
  repair: (lines: TextLineT[]) => Promise<TextLineT[]>;
  gazetteer: Gazetteer;
  /** repair and extraction elsewhere (a thread) while the write stays here */
  repairExtract?: (input: RepairExtractInput) => Promise<RepairExtractResult>;
  onProgress?: OnProgress;
}

/** Lines, repair, extraction and the store's write of a document whose pages are all read. */
export async function finishDocument(input: FinishInput, deps: FinishDeps): Promise<{ record: NoticeRecordT; created: boolean }> {
  const { doc } = input;
  const textFile = doc.mediaType === 'text/plain' && doc.pages.length === 0;
  const read = textFile ? { ...doc, pages: [lazyTextPage(doc.bytes)] } : doc;
  const pages = input.ocrPages ?? (await ocr(read as IngestedDocument)).pages;
  const rawLines = flattenLines({ pages });
  const reInput: RepairExtractInput = { id: doc.id, doc: doc.filename, rawLines, layerPages: layerPageNumbers(pages) };
  const done = deps.repairExtract ? await deps.repairExtract(reInput) : await repairAndExtract(reInput, deps.repair, deps.gazetteer);
  deps.onProgress?.({ stage: 'extract', done: 0, total: 1 });
  // the directive ids as the store keeps them, so that the upload's answer, the webhooks and GET agree
  const record = withStoredIds(withSignatures(done.record, doc.signatures));
  deps.onProgress?.({ stage: 'store', done: 0, total: 1 });
  const created = await deps.store.putDocument(
    {
      id: doc.id,
      sha256: doc.sha256,
      filename: doc.filename,
      mediaType: doc.mediaType,
      original: doc.bytes,
      pages: pages.map((p) => ({ number: p.number, source: p.source, width: p.width, height: p.height })),
      lines: done.lines,
      rawLines,
      record,
    },
    { finishJob: input.jobId },
  );
  return { record: created ? record : ((await deps.store.getRecord(doc.id)) ?? record), created };
}

const layerPageNumbers = (pages: OcrPage[]) => pages.filter((p) => p.source === 'text-layer').map((p) => p.number);

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
      const background = !!opts.jobId;
      let done: { record: NoticeRecordT; created: boolean };
      if (deps.finish) {
        // scans are read here (the OCR pool); text pages are split where they are finished
        const ocrPages = doc.needsOcr ? (await ocr(doc, { recognize: deps.recognize, onProgress: progress })).pages : undefined;
        progress?.({ stage: 'repair', done: 0, total: 1 });
        const pages = ocrPages || doc.mediaType === 'text/plain' ? [] : doc.pages;
        const { id, sha256, filename, bytes, signatures } = doc;
        const input: FinishInput = { doc: { id, sha256, filename, mediaType: doc.mediaType, bytes, signatures, pages }, ocrPages, jobId: opts.jobId };
        // an upload's bytes are not needed here afterwards: moved, not copied (a job may read its document again)
        done = await deps.finish(input, { background, handOver: !opts.jobId });
      } else {
        const ocrPages = (await ocr(doc, { recognize: deps.recognize, onProgress: progress })).pages;
        progress?.({ stage: 'repair', done: 0, total: 1 });
        const repairExtract = deps.repairExtract;
        done = await finishDocument(
          { doc, ocrPages, jobId: opts.jobId },
          {
            store: deps.store,
            gazetteer: deps.gazetteer,
            repair: deps.repair,
            repairExtract: repairExtract && ((input) => repairExtract(input, { background })),
            onProgress: progress,
          },
        );
      }
      // Listeners (webhooks) must not fail or delay the store.
      if (done.created) {
        for (const l of listeners) {
          try {
            l(done.record);
          } catch {
            /* a listener's own failure is its own to report */
          }
        }
      }
      return done;
    },
  };
}

// Background jobs for scans: the upload is saved with the job, so a restart resumes it.
import { VanbanError } from '../errors.js';
import type { IngestedDocument, SourceFile } from './types.js';
import type { Pipeline } from './create.js';
import type { Job, Store } from '../store/types.js';

const MAX_ATTEMPTS = 3;
const KEEP_PAGES = 20;
/** Page images held by the documents kept for queued jobs, all together (decoded pages are ~9 MB at 300 dpi). */
const KEEP_BYTES = 256 * 2 ** 20;

export class JobQueue {
  private queue: string[] = [];
  private running = 0;
  private idle: (() => void)[] = [];
  /**
   * Pages already read at upload time, so a short job does not read them twice; large ones are re-read, and
   * so are all once the documents kept hold KEEP_BYTES of page images (a burst of uploads).
   */
  private prepared = new Map<string, IngestedDocument>();
  private preparedBytes = 0;

  constructor(
    private store: Store,
    private pipeline: Pipeline,
    private concurrency = 1,
  ) {}

  async enqueue(file: SourceFile, doc: IngestedDocument): Promise<Job> {
    const job = await this.store.createJob({
      id: crypto.randomUUID(),
      documentId: doc.id,
      filename: doc.filename,
      declaredType: file.declaredType,
      input: file.bytes,
    });
    const bytes = heldBytes(doc);
    if (doc.pages.length <= KEEP_PAGES && this.preparedBytes + bytes <= KEEP_BYTES) {
      this.prepared.set(job.id, doc);
      this.preparedBytes += bytes;
    }
    this.queue.push(job.id);
    this.pump();
    return job;
  }

  /** Re-queues jobs a previous process left unfinished. */
  async recover(): Promise<number> {
    const jobs = await this.store.recoverJobs(MAX_ATTEMPTS);
    for (const j of jobs) this.queue.push(j.id);
    this.pump();
    return jobs.length;
  }

  /** Resolves when no job is queued or running. */
  drained(): Promise<void> {
    if (!this.running && !this.queue.length) return Promise.resolve();
    return new Promise((r) => this.idle.push(r));
  }

  private pump() {
    while (this.running < this.concurrency && this.queue.length) {
      const id = this.queue.shift()!;
      this.running++;
      this.run(id)
        .catch(() => undefined)
        .finally(() => {
          this.running--;
          this.pump();
          if (!this.running && !this.queue.length) this.idle.splice(0).forEach((r) => r());
        });
    }
  }

  private async run(id: string) {
    let doc = this.prepared.get(id);
    if (doc) {
      this.prepared.delete(id);
      this.preparedBytes -= heldBytes(doc);
    }
    const job = await this.store.getJob(id);
    if (!job || job.state === 'done' || job.state === 'failed') return;
    await this.store.updateJob(id, { state: 'running', stage: 'ingest', error: null });
    try {
      if (!doc) {
        const input = await this.store.getJobInput(id);
        if (!input) throw new VanbanError(500, 'input_lost', 'the uploaded file is no longer available');
        doc = await this.pipeline.ingest({ bytes: input, filename: job.filename, declaredType: job.declared_type ?? undefined });
      }
      const total = doc.pages.length;
      await this.store.updateJob(id, { stage: 'ocr', pages_done: 0, pages_total: total });
      // Progress writes are chained so they land in order and all before the final state.
      let writes: Promise<void> = Promise.resolve();
      const write = (patch: Parameters<Store['updateJob']>[1]) => {
        writes = writes.then(() => this.store.updateJob(id, patch)).catch(() => undefined);
      };
      let last = 0;
      try {
        await this.pipeline.complete(doc, {
          jobId: id,
          onProgress: (p) => {
            // Page progress is what users wait on; write it at most every 250 ms.
            const t = Date.now();
            if (p.stage === 'ocr' && (t - last > 250 || p.done === p.total)) {
              last = t;
              write({ stage: 'ocr', pages_done: p.done, pages_total: p.total });
            } else if (p.stage !== 'ocr') {
              write({ stage: p.stage, pages_done: total, pages_total: total });
            }
          },
        });
      } finally {
        await writes;
      }
    } catch (err) {
      const e = err instanceof VanbanError ? err : new VanbanError(500, 'processing_failed', String((err as Error)?.message ?? err));
      await this.store.updateJob(id, { state: 'failed', error: { code: e.code, message: e.message } });
    }
  }
}

const heldBytes = (doc: IngestedDocument) => doc.pages.reduce((n, p) => n + (p.image?.heldBytes ?? 0), 0);

// Background jobs (scans being read): their state, progress and input bytes.
import type { Job } from '../shapes.js';
import type { NewJob } from '../types.js';
import { now, type Param, type SqlExecutor, type Statement } from './executor.js';

type JobRow = Omit<Job, 'error'> & { error_code: string | null; error_message: string | null };

function toJob(r: JobRow): Job {
  const { error_code, error_message, ...rest } = r;
  return { ...rest, error: error_code ? { code: error_code, message: error_message ?? '' } : null };
}

/** Marks a job done; runs in the batch that stores its notice. */
export function finishJobStatements(jobId: string): Statement[] {
  return [{
    sql: `UPDATE jobs SET state = 'done', stage = 'store', input = NULL, error_code = NULL, error_message = NULL,
          updated_at = ? WHERE id = ?`,
    params: [now(), jobId],
  }];
}

export class SqlJobs {
  constructor(readonly db: SqlExecutor) {}

  async createJob(job: NewJob): Promise<Job> {
    const t = now();
    await this.db.run(
      `INSERT INTO jobs (id, document_id, filename, declared_type, input, state, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, 'queued', ?, ?)`,
      [job.id, job.documentId, job.filename, job.declaredType ?? null, job.input, t, t]);
    return (await this.getJob(job.id))!;
  }

  async getJob(id: string): Promise<Job | null> {
    const rows = await this.db.all<JobRow>(
      `SELECT id, document_id, filename, declared_type, state, stage, pages_done, pages_total, error_code, error_message,
              attempts, created_at, updated_at FROM jobs WHERE id = ?`, [id]);
    return rows.length ? toJob(rows[0]) : null;
  }

  async getJobInput(id: string): Promise<Uint8Array | null> {
    const rows = await this.db.all<{ input: Uint8Array | ArrayBuffer | null }>('SELECT input FROM jobs WHERE id = ?', [id]);
    const b = rows[0]?.input;
    if (!b) return null;
    return b instanceof Uint8Array ? b : new Uint8Array(b);
  }

  async updateJob(id: string, patch: Partial<Pick<Job, 'state' | 'stage' | 'pages_done' | 'pages_total' | 'error'>>) {
    const sets: string[] = [];
    const params: Param[] = [];
    for (const key of ['state', 'stage', 'pages_done', 'pages_total'] as const) {
      if (patch[key] !== undefined) {
        sets.push(`${key} = ?`);
        params.push(patch[key] as Param);
      }
    }
    if (patch.error !== undefined) {
      sets.push('error_code = ?', 'error_message = ?');
      params.push(patch.error?.code ?? null, patch.error?.message ?? null);
    }
    if (patch.state === 'failed') sets.push('input = NULL');
    if (patch.state === 'running') sets.push('attempts = attempts + 1');
    sets.push('updated_at = ?');
    params.push(now(), id);
    await this.db.run(`UPDATE jobs SET ${sets.join(', ')} WHERE id = ?`, params);
  }

  async recoverJobs(maxAttempts: number): Promise<Job[]> {
    await this.db.run(
      `UPDATE jobs SET state = 'failed', input = NULL, error_code = 'interrupted',
         error_message = 'processing was interrupted ' || attempts || ' times; giving up', updated_at = ?
       WHERE state = 'running' AND attempts >= ?`, [now(), maxAttempts]);
    await this.db.run(`UPDATE jobs SET state = 'queued', updated_at = ? WHERE state = 'running'`, [now()]);
    const rows = await this.db.all<JobRow>(
      `SELECT id, document_id, filename, declared_type, state, stage, pages_done, pages_total, error_code, error_message,
              attempts, created_at, updated_at FROM jobs WHERE state = 'queued' ORDER BY created_at`);
    return rows.map(toJob);
  }

  /** Records the API key that uploaded the scan a job reads. */
  async assignJobKey(id: string, keyName: string): Promise<void> {
    await this.db.run('UPDATE jobs SET key_name = ? WHERE id = ?', [keyName, id]);
  }

  /** Jobs of this key still queued or running. */
  async countActiveJobs(keyName: string): Promise<number> {
    const rows = await this.db.all<{ n: number }>(`SELECT COUNT(*) AS n FROM jobs WHERE key_name = ? AND state IN ('queued', 'running')`, [keyName]);
    return Number(rows[0]?.n ?? 0);
  }
}

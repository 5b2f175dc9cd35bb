import type { Pool } from 'pg';

/** A row the run could not write, as stored for `SyncRun.rejectedRows`. */
export interface Rejection {
  key: string;
  reason: string;
  record: Record<string, unknown> | null;
}

/** Rows held before a flush is forced, so a run full of rejections stays within bounded memory. */
const FLUSH_AT = 1_000;

/**
 * Stores a run's rejected rows in `rejected_rows`, buffered and written in one INSERT per flush. `add` flushes
 * by itself when the buffer is full; the run flushes before it stores its counters, so `rowsRejected` never
 * counts a row a client cannot page to.
 */
export class RejectionLog {
  private buffer: Rejection[] = [];
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly pool: Pool,
    private readonly runId: string,
  ) {}

  async add(rejection: Rejection): Promise<void> {
    this.buffer.push(rejection);
    if (this.buffer.length >= FLUSH_AT) await this.flush();
  }

  /** Writes what is buffered; concurrent flushes are chained so rows keep their order. */
  flush(): Promise<void> {
    const rows = this.buffer;
    this.buffer = [];
    this.writing = this.writing.then(() => this.insert(rows));
    return this.writing;
  }

  private async insert(rows: Rejection[]): Promise<void> {
    if (rows.length === 0) return;
    await this.pool.query(
      `INSERT INTO rejected_rows (run_id, key, reason, record)
       SELECT $1, r.key, r.reason, r.record FROM jsonb_to_recordset($2::jsonb) AS r(key text, reason text, record jsonb)`,
      [this.runId, JSON.stringify(rows, (_key, value: unknown) => (typeof value === 'bigint' ? value.toString() : value))],
    );
  }
}

import type { Pool } from 'pg';
import type { DataSource } from 'typeorm';
import { publishRunChange } from '../../events/run-events';
import type { RunEstimate } from './run-estimate';

/** The counters a run reports (SyncRun.rows*). */
export interface RunCounters {
  rowsRead: number;
  rowsChanged: number;
  rowsUnchanged: number;
  rowsCreated: number;
  rowsUpdated: number;
  rowsRejected: number;
}

export const zeroCounters = (): RunCounters => ({ rowsRead: 0, rowsChanged: 0, rowsUnchanged: 0, rowsCreated: 0, rowsUpdated: 0, rowsRejected: 0 });

/** The SET list and values that store counters, starting at parameter `$first`. */
export function countersSql(counters: RunCounters, first: number): { set: string; values: number[] } {
  const columns = ['rows_read', 'rows_changed', 'rows_unchanged', 'rows_created', 'rows_updated', 'rows_rejected'];
  const values = [counters.rowsRead, counters.rowsChanged, counters.rowsUnchanged, counters.rowsCreated, counters.rowsUpdated, counters.rowsRejected];
  return { set: columns.map((column, i) => `${column} = $${first + i}`).join(', '), values };
}

/**
 * A running run's counters, stored at most once a second while they change (and on demand), each store
 * followed by a notification so subscriptions re-read the run. `beforeStore` runs first (the run flushes its
 * rejected rows there), so what a client reads after a notification is consistent.
 */
export class RunProgress {
  readonly counters = zeroCounters();
  private timer: NodeJS.Timeout | null = null;
  private storing: Promise<void> = Promise.resolve();
  private stored = '';
  private failure: unknown = null;

  constructor(
    private readonly db: DataSource,
    private readonly pool: Pool,
    private readonly runId: string,
    readonly estimate: RunEstimate,
    private readonly beforeStore: () => Promise<void>,
  ) {}

  get progress(): number {
    return this.estimate.progress(this.counters);
  }

  start(intervalMs = 1_000): void {
    this.timer = setInterval(() => {
      this.store().catch((error: unknown) => (this.failure ??= error));
    }, intervalMs);
    this.timer.unref();
  }

  /** Throws the error of a background store, so the run fails rather than going on silently. */
  check(): void {
    if (this.failure) throw this.failure;
  }

  /** Stores the counters when they changed since the last store; stores never overlap. */
  store(): Promise<void> {
    this.storing = this.storing.then(async () => {
      await this.beforeStore();
      const secondsLeft = this.estimate.secondsLeft(this.counters);
      const state = JSON.stringify({ ...this.counters, secondsLeft });
      if (state === this.stored) return;
      const { set, values } = countersSql(this.counters, 4);
      await this.pool.query(`UPDATE sync_runs SET ${set}, progress = $2, estimated_seconds_left = $3 WHERE id = $1`, [
        this.runId,
        this.progress,
        secondsLeft,
        ...values,
      ]);
      this.stored = state;
      await publishRunChange(this.db, this.runId);
    });
    return this.storing;
  }

  /** Stops the timer and waits for a store in progress. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.storing.catch(() => undefined);
  }
}

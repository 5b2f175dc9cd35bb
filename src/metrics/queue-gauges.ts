import { Gauge, type Registry } from 'prom-client';
import type { Pool } from 'pg';
import type { Logger } from '../plugins/contract';

/** Longest a scrape waits for the queue's figures; then they read NaN (unknown) and the scrape goes on. */
export const QUEUE_READ_TIMEOUT_MS = 2_000;

/** Answered by the partial index `sync_runs_one_active` (at most one QUEUED or RUNNING run per sync). */
const QUEUE_SQL = `
SELECT count(*) FILTER (WHERE status = 'QUEUED')::int AS queued,
       count(*) FILTER (WHERE status = 'RUNNING')::int AS running,
       coalesce(extract(epoch FROM clock_timestamp() - min(queued_at) FILTER (WHERE status = 'QUEUED')), 0)::float8 AS oldest_seconds
FROM sync_runs WHERE status IN ('QUEUED', 'RUNNING')`;

interface QueueFigures {
  queued: number;
  running: number;
  oldestSeconds: number;
}

const UNKNOWN: QueueFigures = { queued: NaN, running: NaN, oldestSeconds: NaN };

const CLUSTER = 'Cluster-wide, read from PostgreSQL at scrape time (every Ferry process reports the same value)';

/**
 * The run queue as the whole cluster sees it, read with one small query when metrics are scraped. A scrape
 * never waits longer than QUEUE_READ_TIMEOUT_MS for it: a slow database makes the figures NaN, not the scrape
 * hang. Concurrent scrapes share one read, so a slow database never has more than one of these queries from a
 * process.
 */
export class QueueGauges {
  private reading: Promise<QueueFigures> | null = null;
  private figures: Promise<QueueFigures> | null = null;

  constructor(
    registry: Registry,
    private readonly pool: Pool,
    private readonly logger: Logger,
    private readonly timeoutMs = QUEUE_READ_TIMEOUT_MS,
  ) {
    const gauge = (name: string, help: string, pick: (figures: QueueFigures) => number): void => {
      const metric: Gauge = new Gauge({
        name,
        help: `${help}. ${CLUSTER}.`,
        registers: [registry],
        collect: async () => metric.set(pick(await this.current())),
      });
    };
    gauge('ferry_queued_runs', 'Runs waiting for a worker (status QUEUED)', (figures) => figures.queued);
    gauge('ferry_running_runs', 'Runs being executed by a worker (status RUNNING)', (figures) => figures.running);
    gauge('ferry_oldest_queued_run_age_seconds', 'How long the oldest QUEUED run has waited; 0 when none waits', (figures) => figures.oldestSeconds);
  }

  /** The figures of this scrape: prom-client collects the three gauges at once, and they share one read. */
  private current(): Promise<QueueFigures> {
    this.figures ??= this.read().finally(() => setImmediate(() => (this.figures = null)));
    return this.figures;
  }

  private read(): Promise<QueueFigures> {
    this.reading ??= this.pool
      .query<{ queued: number; running: number; oldest_seconds: number }>(QUEUE_SQL)
      .then(({ rows: [row] }) => ({ queued: row.queued, running: row.running, oldestSeconds: row.oldest_seconds }))
      .finally(() => (this.reading = null));
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${this.timeoutMs} ms`)), this.timeoutMs);
    });
    return Promise.race([this.reading, timeout])
      .catch((error: Error) => {
        this.logger.warn('could not read the run queue for /metrics: its gauges read NaN', { error: error.message });
        return UNKNOWN;
      })
      .finally(() => clearTimeout(timer));
  }
}

import type { Pool } from 'pg';
import type { DataSource } from 'typeorm';
import type { Logger } from '../../plugins/contract';
import type { EngineMetrics } from '../engine-metrics';
import { publishRunChange } from '../../events/run-events';
import type { InterruptedRun } from './resume-run';
import { failAbandonedRuns, queuedRunIds } from './run-recovery';
import type { Scheduler } from '../schedule/scheduler';

/** How often a worker looks for dead workers' runs and for queued runs without a job. */
export const SWEEP_INTERVAL_MS = 5_000;
/** After start-up, a QUEUED run counts as orphaned only when it has waited this long without a job. */
const ORPHAN_AFTER_SECONDS = 60;

export interface RecoverySweeperOptions {
  db: DataSource;
  pool: Pool;
  scheduler: Pick<Scheduler, 'enqueueRun' | 'hasRunJob'>;
  workerId: string;
  logger: Logger;
  metrics: Pick<EngineMetrics, 'runAbandoned'>;
  /** Queues the run that sends what an abandoned run did not. */
  resume(run: InterruptedRun): Promise<void>;
}

/**
 * Crash safety for the queue, in every worker: at start-up and then every few seconds, runs left RUNNING by a
 * dead worker are marked FAILED and, when they had confirmed rows, resumed by a new run (the snapshot holds what
 * they confirmed, so it sends only the rest), and QUEUED runs whose queue job vanished are enqueued again.
 */
export class RecoverySweeper {
  private timer: NodeJS.Timeout | null = null;
  private sweeping: Promise<void> | null = null;

  constructor(private readonly options: RecoverySweeperOptions) {}

  async start(intervalMs = SWEEP_INTERVAL_MS): Promise<void> {
    await this.sweep(0);
    this.timer = setInterval(() => {
      if (this.sweeping) return;
      this.sweeping = this.sweep(ORPHAN_AFTER_SECONDS)
        .catch((error: Error) => this.options.logger.warn('recovery sweep failed', { error: error.message }))
        .finally(() => (this.sweeping = null));
    }, intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.sweeping;
  }

  private async sweep(orphanAfterSeconds: number): Promise<void> {
    const { db, pool, scheduler, workerId, logger } = this.options;
    for (const run of await failAbandonedRuns(pool, workerId)) {
      logger.warn('marked a run of a stopped worker as failed', { runId: run.id, resumed: run.resume });
      this.options.metrics.runAbandoned(run.trigger);
      await publishRunChange(db, run.id);
      if (run.resume) await this.options.resume(run);
    }
    for (const runId of await queuedRunIds(pool, orphanAfterSeconds)) {
      if (await scheduler.hasRunJob(runId)) continue;
      logger.warn('re-enqueued a queued run whose job was missing', { runId });
      await scheduler.enqueueRun(runId);
    }
  }
}

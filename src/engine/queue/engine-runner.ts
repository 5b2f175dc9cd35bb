import type { Pool } from 'pg';
import { SyncRun } from '../../entities';
import { publishRunChange } from '../../events/run-events';
import type { ActiveRuns } from '../workers/active-runs';
import type { RateLimiter } from '../http';
import { markCancelled } from './mark-cancelled';
import { previewSync } from '../preview/preview-sync';
import { queueRun, type RunRequest } from './queue-run';
import type { PlanFerry } from '../transfer/run-plan';
import type { Scheduler } from '../schedule/scheduler';
import type { SyncPreviewResult, SyncRunner } from './sync-runner';

export interface EngineRunnerOptions {
  ferry: PlanFerry;
  pool: Pool;
  databaseUrl: string;
  limiter: RateLimiter;
  scheduler: Pick<Scheduler, 'enqueueRun'>;
  /** Runs executing in this process (empty in an API-only process). */
  active: ActiveRuns;
}

/** The engine as the API sees it: queue, cancel and preview runs. */
export class EngineRunner implements SyncRunner {
  constructor(private readonly options: EngineRunnerOptions) {}

  private load(runId: string): Promise<SyncRun> {
    return this.options.ferry.db.getRepository(SyncRun).findOneByOrFail({ id: runId });
  }

  async trigger(syncId: string, options: RunRequest): Promise<SyncRun> {
    const { runId, enqueued } = await this.insert(syncId, options);
    // The run is stored (QUEUED) already: reading it back need not wait for the job queue.
    const [run] = await Promise.all([this.load(runId), enqueued]);
    return run;
  }

  /** Queues a run of the sync (or finds its queued or running one) and returns its id, without loading it. */
  async queue(syncId: string, options: RunRequest): Promise<string> {
    const { runId, enqueued } = await this.insert(syncId, options);
    await enqueued;
    return runId;
  }

  /** Stores the run (announcing it in the same statement) and hands a new one to the job queue. */
  private async insert(syncId: string, options: RunRequest): Promise<{ runId: string; enqueued: Promise<void> }> {
    const { runId, created } = await queueRun(this.options.pool, syncId, options);
    return { runId, enqueued: created ? this.enqueue(runId) : Promise.resolve() };
  }

  private async enqueue(runId: string): Promise<void> {
    try {
      await this.options.scheduler.enqueueRun(runId);
    } catch (error) {
      // The run stays QUEUED; a worker's recovery sweep enqueues it again.
      this.options.ferry.logger.error('could not enqueue a run; a worker will pick it up on its next sweep', {
        runId,
        error: (error as Error).message,
      });
    }
  }

  async cancel(runId: string): Promise<SyncRun> {
    const { pool, ferry, active } = this.options;
    if (await markCancelled(pool, runId)) {
      // A run executing here stops at once; on another worker, its heartbeat sees the status within a second.
      active.stop(runId, 'cancelled');
      await publishRunChange(ferry.db, runId);
    }
    return this.load(runId);
  }

  preview(syncId: string, limit: number, signal: AbortSignal, fullResync = false): Promise<SyncPreviewResult> {
    const { ferry, databaseUrl, limiter } = this.options;
    return previewSync(ferry, databaseUrl, limiter, syncId, limit, signal, fullResync);
  }
}

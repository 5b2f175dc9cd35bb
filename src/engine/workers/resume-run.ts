import type { Pool } from 'pg';
import { RunTrigger } from '../../entities';
import type { Logger } from '../../plugins/contract';
import type { ClaimedRun } from '../run/run-state';
import type { SyncRunner } from '../queue/sync-runner';

/** A run that stopped before it was done (a shutdown, or its worker died), and how it had been started. */
export type InterruptedRun = ClaimedRun;

export interface ResumeDependencies {
  pool: Pool;
  runner: Pick<SyncRunner, 'trigger'>;
  logger: Logger;
}

/**
 * Queues the run that sends what an interrupted run did not confirm: the snapshot holds what it wrote, so the new
 * run sends only the rest (a full resync starts over). It keeps the interrupted run's trigger and its `force`. A
 * sync deleted since gets nothing; one paused since gets nothing either, unless the interrupted run was started by
 * hand. Never throws.
 */
export async function resumeInterruptedRun({ pool, runner, logger }: ResumeDependencies, run: InterruptedRun): Promise<void> {
  try {
    const { rows } = await pool.query<{ paused: boolean }>('SELECT paused FROM syncs WHERE id = $1', [run.syncId]);
    const sync = rows[0];
    if (!sync) return;
    if (sync.paused && run.trigger !== RunTrigger.MANUAL) {
      logger.info('an interrupted run is not resumed: its sync is paused', { runId: run.id, syncId: run.syncId });
      return;
    }
    const next = await runner.trigger(run.syncId, { trigger: run.trigger, fullResync: run.fullResync, force: run.force });
    logger.info('queued a run to send what the interrupted run did not', { interruptedRunId: run.id, runId: next.id });
  } catch (error) {
    logger.error('could not queue the next run of an interrupted run: trigger the sync to send the rest', {
      runId: run.id,
      error: (error as Error).message,
    });
  }
}

import { setMaxListeners } from 'node:events';
import type { Pool } from 'pg';
import { RunStatus } from '../entities';
import { publishRunChange } from '../schema/pubsub';
import type { ActiveRuns } from './active-runs';
import type { RateLimiter } from './http';
import { RejectionLog } from './rejections';
import { RunStoppedError, failureMessage } from './run-errors';
import { RunHeartbeat } from './run-heartbeat';
import { loadRunPlan, type PlanFerry } from './run-plan';
import { RunProgress } from './run-progress';
import type { FinishedRun } from './scheduler';
import { claimRun, finishRun, previousRowsRead, type ClaimedRun, type RunEnding } from './run-state';
import { transfer } from './transfer';

/** What executing runs needs from the process. */
export interface RunDependencies {
  ferry: PlanFerry;
  pool: Pool;
  databaseUrl: string;
  limiter: RateLimiter;
  workerId: string;
  active: ActiveRuns;
}

const SHUTDOWN =
  'worker stopped during the run: Ferry was shut down; what was confirmed is kept, and the next run sends the rest';

function endingOf(error: unknown, signal: AbortSignal): Pick<RunEnding, 'status' | 'error'> {
  const stop = signal.aborted ? signal.reason : null;
  if (stop instanceof RunStoppedError) {
    if (stop.reason === 'cancelled') return { status: RunStatus.CANCELLED, error: null };
    if (stop.reason === 'shutdown') return { status: RunStatus.FAILED, error: SHUTDOWN };
    // 'lost': the row already says how the run ended (recovery marked it, or it is gone); finishRun keeps that.
    return { status: RunStatus.FAILED, error: failureMessage(stop) };
  }
  return { status: RunStatus.FAILED, error: failureMessage(error) };
}

async function execute(deps: RunDependencies, run: ClaimedRun, controller: AbortController): Promise<FinishedRun | null> {
  const { ferry, pool } = deps;
  const logger = ferry.logger;
  const signal = controller.signal;
  const heartbeat = new RunHeartbeat(pool, run.id, controller, logger);
  heartbeat.start();
  const rejections = new RejectionLog(pool, run.id);
  const progress = new RunProgress(ferry.db, pool, run.id, await previousRowsRead(pool, run.syncId, run.id).catch(() => null), () => rejections.flush());
  progress.start();
  let ending: Pick<RunEnding, 'status' | 'error'>;
  try {
    const plan = await loadRunPlan(ferry, run.syncId, deps.limiter, signal);
    await transfer(plan, {
      pool,
      databaseUrl: deps.databaseUrl,
      fullResync: run.fullResync,
      signal,
      counters: progress.counters,
      rejections,
      check: () => progress.check(),
    });
    await rejections.flush();
    ending = { status: progress.counters.rowsRejected > 0 ? RunStatus.PARTIAL : RunStatus.SUCCEEDED, error: null };
  } catch (error) {
    ending = endingOf(error, signal);
    if (ending.status === RunStatus.FAILED) logger.warn('run failed', { runId: run.id, error: ending.error });
    await rejections.flush().catch(() => undefined);
  } finally {
    heartbeat.stop();
    await progress.stop();
  }
  const succeeded = ending.status === RunStatus.SUCCEEDED || ending.status === RunStatus.PARTIAL;
  const status = await finishRun(pool, run.id, {
    ...ending,
    counters: progress.counters,
    progress: succeeded ? 1 : progress.progress,
  });
  if (status) await publishRunChange(ferry.db, run.id);
  logger.info('run finished', { runId: run.id, syncId: run.syncId, status, ...progress.counters });
  return status ? { id: run.id, syncId: run.syncId, status } : null;
}

/**
 * Executes a queued run on this worker: claims it (a run that is no longer QUEUED is skipped), then reads,
 * diffs and writes while a heartbeat keeps it alive and watches for a cancel, and stores how it ended.
 * Never throws for the run's own failures: they end up in the run's status and error. Returns how the run
 * ended, or null when it was not executed (or its row vanished with its sync).
 */
export async function runSync(deps: RunDependencies, runId: string): Promise<FinishedRun | null> {
  const run = await claimRun(deps.pool, runId, deps.workerId);
  if (!run) return null;
  await publishRunChange(deps.ferry.db, run.id);
  const controller = new AbortController();
  // Every request, rate-limit wait and cursor of the run listens to this signal: dozens at once is normal.
  setMaxListeners(0, controller.signal);
  const execution = execute(deps, run, controller);
  deps.active.add(run.id, controller, execution);
  return execution;
}

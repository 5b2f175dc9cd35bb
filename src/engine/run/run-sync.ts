import { setMaxListeners } from 'node:events';
import type { Pool } from 'pg';
import { RunStatus } from '../../entities';
import { publishRunChange } from '../../events/run-events';
import type { ActiveRuns, RunStopControls } from '../workers/active-runs';
import type { RateLimiter } from '../http';
import { RejectionLog } from './rejections';
import { RunStoppedError, failureMessage } from './run-errors';
import { RunHeartbeat } from './run-heartbeat';
import { loadRunPlan, type PlanFerry } from '../transfer/run-plan';
import { budgetRowsPerSecond, RunEstimate } from './run-estimate';
import { RunProgress } from './run-progress';
import { estimateModelRows } from '../transfer/model-size';
import type { FinishedRun } from '../schedule/scheduler';
import { claimRun, finishRun, previousRowsRead, unclaimRun, type ClaimedRun, type RunEnding } from './run-state';
import { transfer } from '../transfer/transfer';

/** What executing runs needs from the process. */
export interface RunDependencies {
  ferry: PlanFerry;
  pool: Pool;
  databaseUrl: string;
  limiter: RateLimiter;
  workerId: string;
  active: ActiveRuns;
  /**
   * What follows a run that ended (its AFTER_SYNC followers, the next run of one a shutdown interrupted). Part of
   * the run's execution, so a shutdown waits for it before closing connections. Must not throw.
   */
  runEnded(run: ExecutedRun): Promise<void>;
}

const DRAINED =
  'Ferry was shut down during the run: it stopped at a batch boundary, every write it made is confirmed and kept, and a new run was queued to send the remaining rows';
const ABANDONED =
  'Ferry was shut down during the run and it did not reach a batch boundary within the grace (FERRY_SHUTDOWN_GRACE_SECONDS): the work in progress was abandoned; what was confirmed is kept, and a new run was queued to send the rest';

/** A run this worker executed, as it ended. */
export interface ExecutedRun extends FinishedRun {
  /** Set when a shutdown stopped the run half way: a run of the sync with these settings must send the rest. */
  resumeWith: Pick<ClaimedRun, 'trigger' | 'fullResync' | 'force'> | null;
}

export interface Ending extends Pick<RunEnding, 'status' | 'error'> {
  /** Stopped by a shutdown before it was done. */
  interrupted: boolean;
  /** Ended by another process (recovery took it for dead), or its row is gone. */
  lost?: boolean;
}

/**
 * The status this process counts the run under in its metrics, or null when the ending is not its own: the run
 * was lost, or recovery marked it FAILED before this process could store how it ended (the recovering process
 * counts it).
 */
export function countedStatus(ending: Ending, stored: RunStatus | null): RunStatus | null {
  if (ending.lost || (stored === RunStatus.FAILED && ending.status !== RunStatus.FAILED)) return null;
  return stored;
}

function endingOf(error: unknown, signal: AbortSignal): Ending {
  const stop = signal.aborted ? signal.reason : error;
  if (stop instanceof RunStoppedError) {
    if (stop.reason === 'cancelled') return { status: RunStatus.CANCELLED, error: null, interrupted: false };
    if (stop.reason === 'shutdown') return { status: RunStatus.FAILED, error: signal.aborted ? ABANDONED : DRAINED, interrupted: true };
    // 'lost': the row already says how the run ended (recovery marked it, or it is gone); finishRun keeps that.
    return { status: RunStatus.FAILED, error: failureMessage(stop), interrupted: false, lost: true };
  }
  return { status: RunStatus.FAILED, error: failureMessage(error), interrupted: false };
}

async function execute(deps: RunDependencies, run: ClaimedRun, controls: RunStopControls): Promise<ExecutedRun | null> {
  const { ferry, pool } = deps;
  const logger = ferry.logger;
  const signal = controls.abort.signal;
  // Reading the model changes nothing, so a shutdown may stop it at once; writes stop at a batch boundary.
  const readSignal = AbortSignal.any([signal, controls.drain.signal]);
  setMaxListeners(0, readSignal);
  const heartbeat = new RunHeartbeat(pool, run.id, controls.abort, logger);
  heartbeat.start();
  const rejections = new RejectionLog(pool, run.id);
  const estimate = new RunEstimate(await previousRowsRead(pool, run.syncId, run.id).catch(() => null));
  const progress = new RunProgress(ferry.db, pool, run.id, estimate, () => rejections.flush());
  progress.start();
  const observed = ferry.metrics.runStarted(run.trigger, progress.counters);
  let ending: Ending;
  try {
    const plan = await loadRunPlan(ferry, run.syncId, deps.limiter, signal, readSignal);
    estimate.destinationBudget(budgetRowsPerSecond(plan.destination.limits));
    void estimateModelRows(plan, logger).then((rows) => estimate.sourceEstimated(rows));
    await transfer(plan, {
      pool,
      databaseUrl: deps.databaseUrl,
      fullResync: run.fullResync,
      force: run.force,
      signal,
      drain: controls.drain.signal,
      counters: progress.counters,
      estimate,
      rejections,
      check: () => progress.check(),
    });
    await rejections.flush();
    ending = { status: progress.counters.rowsRejected > 0 ? RunStatus.PARTIAL : RunStatus.SUCCEEDED, error: null, interrupted: false };
  } catch (error) {
    ending = endingOf(error, signal);
    if (ending.status === RunStatus.FAILED) logger.warn('run failed', { runId: run.id, error: ending.error });
    await rejections.flush().catch(() => undefined);
  } finally {
    heartbeat.stop();
    await progress.stop();
  }
  const succeeded = ending.status === RunStatus.SUCCEEDED || ending.status === RunStatus.PARTIAL;
  let status: RunStatus | null = null;
  try {
    status = await finishRun(pool, run.id, {
      status: ending.status,
      error: ending.error,
      counters: progress.counters,
      progress: succeeded ? 1 : progress.progress,
    });
  } finally {
    observed.ended(countedStatus(ending, status));
  }
  if (status) await publishRunChange(ferry.db, run.id);
  logger.info('run finished', { runId: run.id, syncId: run.syncId, status, ...progress.counters });
  if (!status) return null;
  // A run cancelled (or failed by recovery) meanwhile keeps that status: then nothing is resumed.
  const interrupted = ending.interrupted && status === RunStatus.FAILED;
  const executed: ExecutedRun = {
    id: run.id,
    syncId: run.syncId,
    status,
    resumeWith: interrupted ? { trigger: run.trigger, fullResync: run.fullResync, force: run.force } : null,
  };
  await deps.runEnded(executed);
  return executed;
}

/** What runSync answers for a run taken from the queue as the worker began to stop: it is QUEUED again. */
export const HANDED_BACK: unique symbol = Symbol('handed back');

/**
 * Executes a queued run on this worker: claims it (a run that is no longer QUEUED is skipped), then reads,
 * diffs and writes while a heartbeat keeps it alive and watches for a cancel, and stores how it ended.
 * Never throws for the run's own failures: they end up in the run's status and error. Returns how the run
 * ended, null when it was not executed (or its row vanished with its sync), or HANDED_BACK when the worker is
 * stopping and the run must go back to the queue.
 */
export async function runSync(deps: RunDependencies, runId: string): Promise<ExecutedRun | typeof HANDED_BACK | null> {
  if (deps.active.isShuttingDown) return HANDED_BACK;
  const run = await claimRun(deps.pool, runId, deps.workerId);
  if (!run) return null;
  // No await between this check and `active.add`: a shutdown either sees the run or the run sees the shutdown.
  if (deps.active.isShuttingDown) {
    await unclaimRun(deps.pool, run.id, deps.workerId);
    return HANDED_BACK;
  }
  const controls: RunStopControls = { abort: new AbortController(), drain: new AbortController() };
  // Every request, rate-limit wait and cursor of the run listens to this signal: dozens at once is normal.
  setMaxListeners(0, controls.abort.signal);
  const execution = (async () => {
    await publishRunChange(deps.ferry.db, run.id);
    return execute(deps, run, controls);
  })();
  deps.active.add(run.id, controls, execution);
  return execution;
}

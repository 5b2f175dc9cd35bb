import { Pool } from 'pg';
import type { Dispatcher } from 'undici';
import type { Ferry } from '../ferry';
import type { DestinationLimits, SourceLimits } from '../plugins/contract';
import { ActiveRuns, type ShutdownTimings } from './workers/active-runs';
import { enginePool } from './engine-pool';
import { EngineRunner } from './queue/engine-runner';
import { limitHeapGrowth } from './workers/heap-growth';
import { destinationDispatcher } from './plugin-calls/destination-context';
import { sourceDispatcher } from './plugin-calls/source-context';
import { SlidingWindowLimiter } from './http';
import { RecoverySweeper } from './workers/recovery-sweeper';
import { resumeInterruptedRun, type InterruptedRun } from './workers/resume-run';
import { HANDED_BACK, runSync, type ExecutedRun, type RunDependencies } from './run/run-sync';
import { afterSyncFollowers, allSchedules } from './schedule/scheduled-syncs';
import { Scheduler } from './schedule/scheduler';
import type { SyncRunner } from './queue/sync-runner';
import { WorkerPresence, newWorkerId } from './workers/worker-presence';

export interface RunningEngine {
  runner: SyncRunner;
  scheduler: Scheduler;
  /** HTTP for a destination call made outside a run, under the same rate limit and retry policy as runs. */
  destinationHttp(limits: DestinationLimits, signal: AbortSignal): Dispatcher;
  /** HTTP for a call of a source with `limits()` made outside a run (test, preview, tables), under the runs' budget. */
  sourceHttp(limits: SourceLimits, signal: AbortSignal): Dispatcher;
  /** Whether the engine can take work (its queue is connected and it is not stopping). */
  ready(): boolean;
  /** The first, immediate step of a stop: no run starts in this process from now on. */
  beginShutdown(): void;
  stop(): Promise<void>;
}

/** Connections of the rate limiter's own pool: grants on one account take turns anyway (its lock). */
const LIMITER_CONNECTIONS = 4;

/** After the grace, how long a shutdown waits for aborted runs to record how they ended. */
const ABORT_WAIT_MS = 5_000;

function shutdownTimings(config: Pick<Ferry['config'], 'FERRY_SHUTDOWN_GRACE_SECONDS'>): ShutdownTimings {
  return { graceMs: config.FERRY_SHUTDOWN_GRACE_SECONDS * 1_000, abortWaitMs: ABORT_WAIT_MS };
}

/** The longest a graceful stop of the engine waits for its runs (the process gives the rest of its stop on top). */
export function engineStopBudgetMs(config: Pick<Ferry['config'], 'FERRY_SHUTDOWN_GRACE_SECONDS'>): number {
  const { graceMs, abortWaitMs } = shutdownTimings(config);
  return graceMs + abortWaitMs;
}

/**
 * Starts the engine: the rate limiter (one per process, coordinated with other processes through PostgreSQL),
 * the Agenda-backed scheduler, and in worker processes (FERRY_ROLE all or worker) the presence connection,
 * the run executor and the recovery sweeper.
 */
export async function startEngine(
  base: Omit<Ferry, 'runner' | 'scheduler' | 'destinationHttp' | 'sourceHttp'>,
  databaseUrl: string,
): Promise<RunningEngine> {
  const { config, db, logger } = base;
  const pool = enginePool(db);
  const processRuns = config.FERRY_ROLE !== 'api';
  const workerId = newWorkerId();
  // A grant is a transaction that waits for the account's lock while holding its connection: with many writes
  // waiting on one account, those transactions took every connection of the shared pool, and the API's statements
  // (triggerSync's insert) waited seconds behind them. They get a small pool of their own.
  const limiterPool = new Pool({ connectionString: databaseUrl, max: LIMITER_CONNECTIONS, application_name: 'ferry-limiter' });
  limiterPool.on('error', (error) => logger.warn('rate limiter connection lost', { error: error.message }));
  const limiter = new SlidingWindowLimiter(limiterPool);
  const active = new ActiveRuns();
  const deps: RunDependencies = { ferry: base, pool, databaseUrl, limiter, workerId, active, runEnded };
  const scheduler = new Scheduler({
    databaseUrl,
    mongoUrl: config.FERRY_AGENDA_MONGO_URL,
    processRuns,
    concurrency: config.FERRY_WORKER_CONCURRENCY,
    name: workerId,
    logger,
    executeRun,
    // The runner is created once the scheduler it enqueues into exists; schedule jobs only fire after that.
    // Tracked, so a shutdown does not close the connections under a run being queued.
    triggerSync: (syncId, trigger): Promise<void> => active.track(runner.queue(syncId, { fullResync: false, trigger }).then(() => undefined)),
    listSyncs: () => allSchedules(db),
    followers: (syncId) =>
      afterSyncFollowers(db, syncId, (followerId) =>
        logger.warn('not triggering a sync whose AFTER_SYNC chain comes back to itself: change its schedule to break the cycle', {
          syncId: followerId,
          after: syncId,
        }),
      ),
  });
  const runner = new EngineRunner({ ferry: base, pool, databaseUrl, limiter, scheduler, active });

  function executeRun(runId: string): Promise<void> {
    return active.track(executeRunJob(runId));
  }

  async function executeRunJob(runId: string): Promise<void> {
    try {
      if ((await runSync(deps, runId)) !== HANDED_BACK) return;
    } catch (error) {
      logger.error('a run could not be executed; recovery will mark it failed', { runId, error: (error as Error).message });
      return;
    }
    // Taken from the queue just as this process began to stop: back to the queue for another worker.
    await scheduler
      .enqueueRun(runId)
      .catch((error: Error) => logger.warn('could not hand a run back to the queue; a recovery sweep will', { runId, error: error.message }));
  }

  const resume = (run: InterruptedRun) => resumeInterruptedRun({ pool, runner, logger }, run);

  async function runEnded(run: ExecutedRun): Promise<void> {
    if (run.resumeWith) await resume({ id: run.id, syncId: run.syncId, ...run.resumeWith });
    await scheduler.runFinished(run);
  }

  const stops: Array<() => Promise<void>> = [() => limiterPool.end(), () => scheduler.stop()];
  const stopAll = async () => {
    for (const stop of [...stops].reverse()) await stop().catch((error: Error) => logger.error('engine stop failed', { error: error.message }));
  };
  try {
    if (processRuns) {
      limitHeapGrowth();
      const presence = new WorkerPresence(databaseUrl, workerId, logger);
      await presence.start();
      stops.push(() => presence.stop());
    }
    await scheduler.start();
    // Stops run in reverse order: the scheduler stops taking runs, then running ones drain, then it disconnects.
    stops.push(() => active.drainAll(shutdownTimings(config)));
    stops.push(() => scheduler.stopTakingRuns());
    if (processRuns) {
      const sweeper = new RecoverySweeper({ db, pool, scheduler, workerId, logger, metrics: base.metrics, resume });
      await sweeper.start();
      stops.push(() => sweeper.stop());
    }
    return {
      runner,
      scheduler,
      destinationHttp: (limits, signal) => destinationDispatcher(base, limiter, limits, signal),
      sourceHttp: (limits, signal) => sourceDispatcher(logger, limiter, limits, signal),
      ready: () => !active.isShuttingDown && scheduler.ready(),
      beginShutdown: () => active.beginShutdown(),
      stop: async () => {
        active.beginShutdown();
        await stopAll();
      },
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

/**
 * The one module that talks to Agenda: runs are Agenda jobs kept in Ferry's PostgreSQL (LISTEN/NOTIFY, so a
 * queued run starts at once on a free worker). Every process enqueues; only worker processes execute.
 */
import { PostgresBackend } from '@agendajs/postgres-backend';
import { Agenda, type Job } from 'agenda';
import { Pool } from 'pg';
import type { RunStatus, Sync } from '../entities';
import type { Logger } from '../plugins/contract';
import type { SyncScheduler } from './sync-scheduler';

/** Name of the Agenda job that executes one run; its data is `{ runId }`. */
export const RUN_JOB = 'ferry-sync-run';

/**
 * A run's job lock expires when not touched for this long; a live handler touches it four times as often. Kept short
 * because Agenda checks a running job every half lifetime with a timer that holds the process open that long.
 */
const LOCK_LIFETIME_MS = 10_000;

interface RunJobData {
  runId: string;
}

/** A run a worker executed, as it ended. */
export interface FinishedRun {
  id: string;
  syncId: string;
  status: RunStatus;
}

export interface SchedulerOptions {
  databaseUrl: string;
  /** True in processes that execute runs (FERRY_ROLE all or worker); an API-only process just enqueues. */
  processRuns: boolean;
  /** Most runs executing at once in this process (FERRY_WORKER_CONCURRENCY). */
  concurrency: number;
  /** Identifies this process in Agenda's `lastModifiedBy`. */
  name: string;
  logger: Logger;
  /** Executes one run; must not throw (a run records its own failure). */
  executeRun(runId: string): Promise<void>;
}

/**
 * Wraps Agenda with what the engine needs: `start`, `enqueueRun`, `hasRunJob`, `stop`, `ready`. It is also the
 * engine's `SyncScheduler` (the API calls it when a sync changes); INTERVAL, CRON and AFTER_SYNC schedules
 * belong here, as further job definitions.
 */
export class Scheduler implements SyncScheduler {
  private readonly pool: Pool;
  private readonly agenda: Agenda;
  private readonly backend: PostgresBackend;
  private started = false;
  private stopping = false;

  constructor(private readonly options: SchedulerOptions) {
    this.pool = new Pool({ connectionString: options.databaseUrl, max: 4, application_name: 'ferry-agenda' });
    this.pool.on('error', (error) => options.logger.warn('agenda pool connection lost', { error: error.message }));
    this.backend = new PostgresBackend({ pool: this.pool });
    const concurrency = options.concurrency;
    this.agenda = new Agenda({
      backend: this.backend,
      name: options.name,
      processEvery: 1_000,
      maxConcurrency: concurrency,
      defaultConcurrency: concurrency,
      lockLimit: concurrency,
      defaultLockLimit: concurrency,
      defaultLockLifetime: LOCK_LIFETIME_MS,
    });
    this.agenda.on('error', (error: Error) => options.logger.error('agenda error', { error: error.message }));
    this.agenda.define<RunJobData>(RUN_JOB, (job) => this.runJob(job), {
      concurrency,
      lockLimit: concurrency,
      lockLifetime: LOCK_LIFETIME_MS,
      removeOnComplete: true,
    });
  }

  private async runJob(job: Job<RunJobData>): Promise<void> {
    const touch = setInterval(() => {
      job.touch().catch((error: Error) => this.options.logger.warn('could not extend a run job lock', { error: error.message }));
    }, LOCK_LIFETIME_MS / 4);
    try {
      await this.options.executeRun(job.attrs.data.runId);
    } finally {
      clearInterval(touch);
    }
  }

  /** Connects; in a worker process also starts taking jobs. */
  async start(): Promise<void> {
    await this.agenda.ready;
    if (this.options.processRuns) await this.agenda.start();
    // An API-only process does not process jobs but must still announce new ones, so workers start them at once.
    else await this.backend.notificationChannel?.connect();
    this.started = true;
  }

  ready(): boolean {
    return this.started && !this.stopping;
  }

  /** Queues a job that executes the run as soon as a worker has a free slot. */
  async enqueueRun(runId: string): Promise<void> {
    await this.agenda.now<RunJobData>(RUN_JOB, { runId });
  }

  /** Whether a job for the run is stored (queued, locked or running). */
  async hasRunJob(runId: string): Promise<boolean> {
    const { total } = await this.agenda.queryJobs({ name: RUN_JOB, data: { runId }, limit: 1 });
    return total > 0;
  }

  /** Keeps the sync's schedule job in step with the sync. Only MANUAL syncs exist so far: they need no job. */
  async syncChanged(_sync: Sync): Promise<void> {}

  /** Drops the sync's schedule job. Queued run jobs of the sync need nothing: executing one is a no-op once its run is gone. */
  async syncDeleted(_syncId: string): Promise<void> {}

  /** When the sync runs next by itself; null while only MANUAL syncs exist. */
  async nextRunAt(_sync: Sync): Promise<Date | null> {
    return null;
  }

  /** Called by the worker after each run it executed; where AFTER_SYNC schedules trigger their followers. */
  async runFinished(_run: FinishedRun): Promise<void> {}

  /** Stops taking jobs (jobs this process had locked but not started go back to the queue) and disconnects. */
  async stop(): Promise<void> {
    this.stopping = true;
    if (this.options.processRuns) await this.agenda.stop(false).catch((error: Error) => this.options.logger.warn('agenda stop failed', { error: error.message }));
    else await this.backend.notificationChannel?.disconnect().catch(() => undefined);
    await this.pool.end().catch(() => undefined);
  }
}

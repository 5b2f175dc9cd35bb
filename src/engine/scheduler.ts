/**
 * The one module that talks to Agenda: runs are Agenda jobs kept in Ferry's PostgreSQL (LISTEN/NOTIFY, so a
 * queued run starts at once on a free worker), or in MongoDB when FERRY_AGENDA_MONGO_URL is set. Every process
 * enqueues; only worker processes execute.
 */
import { PostgresBackend } from '@agendajs/postgres-backend';
import { Agenda, type AgendaBackend, type Job } from 'agenda';
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
  /** FERRY_AGENDA_MONGO_URL: keep the jobs in MongoDB (polled every second: MongoDB has no notifications). */
  mongoUrl?: string;
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
  private pool: Pool | null = null;
  private backend: AgendaBackend | null = null;
  private agenda: Agenda | null = null;
  private stopping = false;

  constructor(private readonly options: SchedulerOptions) {}

  private async createBackend(): Promise<AgendaBackend> {
    if (this.options.mongoUrl) {
      // Loaded only when asked for: the MongoDB driver is large.
      const { MongoBackend } = await import('@agendajs/mongo-backend');
      return new MongoBackend({ address: this.options.mongoUrl });
    }
    const pool = new Pool({ connectionString: this.options.databaseUrl, max: 4, application_name: 'ferry-agenda' });
    pool.on('error', (error) => this.options.logger.warn('agenda pool connection lost', { error: error.message }));
    this.pool = pool;
    return new PostgresBackend({ pool });
  }

  private createAgenda(backend: AgendaBackend): Agenda {
    const { concurrency, logger } = this.options;
    const agenda = new Agenda({
      backend,
      name: this.options.name,
      processEvery: 1_000,
      maxConcurrency: concurrency,
      defaultConcurrency: concurrency,
      lockLimit: concurrency,
      defaultLockLimit: concurrency,
      defaultLockLifetime: LOCK_LIFETIME_MS,
    });
    agenda.on('error', (error: Error) => logger.error('agenda error', { error: error.message }));
    agenda.define<RunJobData>(RUN_JOB, (job) => this.runJob(job), {
      concurrency,
      lockLimit: concurrency,
      lockLifetime: LOCK_LIFETIME_MS,
      removeOnComplete: true,
    });
    return agenda;
  }

  private get jobs(): Agenda {
    if (!this.agenda) throw new Error('the scheduler is not started');
    return this.agenda;
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
    const backend = await this.createBackend();
    this.backend = backend;
    const agenda = this.createAgenda(backend);
    await agenda.ready;
    this.agenda = agenda;
    if (this.options.processRuns) await agenda.start();
    // An API-only process does not process jobs but must still announce new ones, so workers start them at once.
    else await backend.notificationChannel?.connect();
  }

  ready(): boolean {
    return this.agenda !== null && !this.stopping;
  }

  /** Queues a job that executes the run as soon as a worker has a free slot. */
  async enqueueRun(runId: string): Promise<void> {
    await this.jobs.now<RunJobData>(RUN_JOB, { runId });
  }

  /** Whether a job for the run is stored (queued, locked or running). */
  async hasRunJob(runId: string): Promise<boolean> {
    const { total } = await this.jobs.queryJobs({ name: RUN_JOB, data: { runId }, limit: 1 });
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
    const warn = (error: Error) => this.options.logger.warn('scheduler stop failed', { error: error.message });
    if (this.agenda && this.options.processRuns) await this.agenda.stop(false).catch(warn);
    else await this.backend?.notificationChannel?.disconnect().catch(warn);
    // Our own pool for PostgreSQL; the MongoDB backend owns its client.
    if (this.pool) await this.pool.end().catch(warn);
    else await this.backend?.disconnect().catch(warn);
  }
}

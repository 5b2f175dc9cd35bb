/**
 * The one module that talks to Agenda: runs are Agenda jobs kept in Ferry's PostgreSQL (LISTEN/NOTIFY, so a
 * queued run starts at once on a free worker), or in MongoDB when FERRY_AGENDA_MONGO_URL is set. Every process
 * enqueues; only worker processes execute.
 */
import { PostgresBackend } from '@agendajs/postgres-backend';
import { Agenda, type AgendaBackend, type Job } from 'agenda';
import { Pool } from 'pg';
import { RunStatus, RunTrigger, type Sync } from '../../entities';
import type { Logger } from '../../plugins/contract';
import { scheduleRepeat, type ScheduleRepeat } from './schedule-repeat';
import type { SyncScheduler } from './sync-scheduler';

/** Name of the Agenda job that executes one run; its data is `{ runId }`. */
export const RUN_JOB = 'ferry-sync-run';

/**
 * A run's job lock expires when not touched for this long; a live handler touches it four times as often. Kept short
 * because Agenda checks a running job every half lifetime with a timer that holds the process open that long.
 */
const LOCK_LIFETIME_MS = 10_000;

/** Name of the repeating Agenda job that triggers one INTERVAL or CRON sync; its data is `{ syncId }`, one job per sync. */
export const SCHEDULE_JOB = 'ferry-sync-schedule';

/** Schedule jobs only queue a run, so a few slots beside the run slots keep them on time while every run slot is busy. */
const SCHEDULE_SLOTS = 2;

/** Run outcomes that trigger the syncs scheduled AFTER_SYNC. */
const CHAIN_STATUSES: ReadonlySet<RunStatus> = new Set([RunStatus.SUCCEEDED, RunStatus.PARTIAL]);

interface RunJobData {
  runId: string;
}

interface ScheduleJobData {
  syncId: string;
}

/** What a sync's schedule job depends on. */
export type ScheduledSync = Pick<Sync, 'id' | 'schedule' | 'paused'>;

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
  /** Queues a run of the sync (or finds its queued or running one). */
  triggerSync(syncId: string, trigger: RunTrigger): Promise<void>;
  /** Every stored sync, for reconciling schedule jobs at start-up. */
  listSyncs(): Promise<ScheduledSync[]>;
  /** Ids of the unpaused AFTER_SYNC syncs that follow the given sync. */
  followers(syncId: string): Promise<string[]>;
}

/**
 * Agenda's storage: MongoDB when FERRY_AGENDA_MONGO_URL is set (for teams that already run Agenda there), else
 * Ferry's own PostgreSQL through a pool of ours. Nothing connects until Agenda starts.
 */
export async function createAgendaBackend(
  options: Pick<SchedulerOptions, 'mongoUrl' | 'databaseUrl'>,
): Promise<{ backend: AgendaBackend; pool: Pool | null }> {
  if (options.mongoUrl) {
    // Loaded only when asked for: the MongoDB driver is large. require, not import(), so that it loads the same
    // way as the static imports, under jest too (whose module loader has no dynamic import before Node 24.9).
    const { MongoBackend } = require('@agendajs/mongo-backend') as typeof import('@agendajs/mongo-backend');
    return { backend: new MongoBackend({ address: options.mongoUrl }), pool: null };
  }
  const pool = new Pool({ connectionString: options.databaseUrl, max: 4, application_name: 'ferry-agenda' });
  return { backend: new PostgresBackend({ pool }), pool };
}

/**
 * Wraps Agenda with what the engine needs: `start`, `enqueueRun`, `hasRunJob`, `stop`, `ready`. It is also the
 * engine's `SyncScheduler` (the API calls it when a sync changes): each INTERVAL or CRON sync has one repeating
 * schedule job that queues its runs, AFTER_SYNC syncs are triggered from `runFinished`, and a worker reconciles the
 * schedule jobs with the stored syncs when it starts.
 */
export class Scheduler implements SyncScheduler {
  private pool: Pool | null = null;
  private backend: AgendaBackend | null = null;
  private agenda: Agenda | null = null;
  private stopping = false;

  constructor(private readonly options: SchedulerOptions) {}

  private async createBackend(): Promise<AgendaBackend> {
    const { backend, pool } = await createAgendaBackend(this.options);
    if (pool) {
      pool.on('error', (error) => this.options.logger.warn('agenda pool connection lost', { error: error.message }));
      this.pool = pool;
    }
    // The LISTEN connection reports a lost server as an 'error' event and reconnects by itself; unheard, the event
    // would crash the process (as it did when a terminal's Ctrl+C stopped PostgreSQL under Ferry).
    backend.notificationChannel?.on('error', (error: Error) => {
      if (!this.stopping) this.options.logger.warn('agenda notification channel lost its connection; reconnecting', { error: error.message });
    });
    return backend;
  }

  private createAgenda(backend: AgendaBackend): Agenda {
    const { concurrency, logger } = this.options;
    const agenda = new Agenda({
      backend,
      name: this.options.name,
      processEvery: 1_000,
      maxConcurrency: concurrency + SCHEDULE_SLOTS,
      defaultConcurrency: concurrency,
      lockLimit: concurrency + SCHEDULE_SLOTS,
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
    agenda.define<ScheduleJobData>(SCHEDULE_JOB, (job) => this.scheduleJob(job), { concurrency: SCHEDULE_SLOTS, lockLimit: SCHEDULE_SLOTS });
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
    // Agenda removes a finished job after the handler returns, which a stopping process may not live to do.
    if (this.stopping)
      await job.remove().catch((error: Error) => this.options.logger.warn('could not remove a finished run job', { error: error.message }));
  }

  private async scheduleJob(job: Job<ScheduleJobData>): Promise<void> {
    const { syncId } = job.attrs.data;
    try {
      await this.options.triggerSync(syncId, RunTrigger.SCHEDULE);
    } catch (error) {
      this.options.logger.warn('a scheduled run could not be queued', { syncId, error: (error as Error).message });
    }
  }

  /** Connects; in a worker process also starts taking jobs. */
  async start(): Promise<void> {
    const backend = await this.createBackend();
    this.backend = backend;
    const agenda = this.createAgenda(backend);
    await agenda.ready;
    this.agenda = agenda;
    if (this.options.processRuns) {
      await this.reconcile();
      await agenda.start();
    }
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

  private async scheduleJobOf(syncId: string): Promise<(ScheduleRepeat & { nextRunAt: Date | null }) | null> {
    const { jobs } = await this.jobs.queryJobs({ name: SCHEDULE_JOB, data: { syncId }, limit: 1 });
    const job = jobs[0];
    if (!job) return null;
    return { interval: String(job.repeatInterval ?? ''), timezone: job.repeatTimezone ?? null, nextRunAt: job.nextRunAt ?? null };
  }

  /**
   * Keeps the sync's schedule job in step with the sync: an INTERVAL or CRON sync that is not paused has one
   * repeating job; any other has none. An unchanged schedule keeps its job, so its next run time stays put.
   */
  async syncChanged(sync: ScheduledSync): Promise<void> {
    const repeat = scheduleRepeat(sync);
    if (!repeat) {
      await this.syncDeleted(sync.id);
      return;
    }
    const current = await this.scheduleJobOf(sync.id);
    if (current && current.interval === repeat.interval && current.timezone === repeat.timezone && current.nextRunAt) return;
    await this.jobs
      .create<ScheduleJobData>(SCHEDULE_JOB, { syncId: sync.id })
      .unique({ 'data.syncId': sync.id })
      // The first run comes one interval (or the next cron instant) from now, not at once.
      .repeatEvery(repeat.interval, { timezone: repeat.timezone ?? undefined, skipImmediate: true })
      .save();
  }

  /** Drops the sync's schedule job. Queued run jobs of the sync need nothing: executing one is a no-op once its run is gone. */
  async syncDeleted(syncId: string): Promise<void> {
    await this.jobs.cancel({ name: SCHEDULE_JOB, data: { syncId } });
  }

  /**
   * When each sync's schedule job runs next, in order; null for a sync without one (MANUAL, AFTER_SYNC or paused).
   * One query for a single sync, one for all the schedule jobs (one per scheduled sync) for several.
   */
  async nextRunsAt(syncs: readonly ScheduledSync[]): Promise<Array<Date | null>> {
    const scheduled = syncs.filter((sync) => scheduleRepeat(sync));
    if (scheduled.length === 0) return syncs.map(() => null);
    let next: Map<string, Date | null>;
    if (scheduled.length === 1) next = new Map([[scheduled[0].id, (await this.scheduleJobOf(scheduled[0].id))?.nextRunAt ?? null]]);
    else {
      // Every schedule job in one query (one per scheduled sync). Agenda sorts them latest first; with two for one
      // sync (two workers reconciling at once, until the next reconcile) the first is kept, as `scheduleJobOf` does.
      const { jobs } = await this.jobs.queryJobs({ name: SCHEDULE_JOB });
      next = new Map();
      for (const job of jobs) {
        const syncId = (job.data as Partial<ScheduleJobData> | null)?.syncId;
        if (syncId && !next.has(syncId)) next.set(syncId, job.nextRunAt ?? null);
      }
    }
    return syncs.map((sync) => (scheduleRepeat(sync) ? (next.get(sync.id) ?? null) : null));
  }

  /**
   * The next `count` instants a schedule fires after `from`, computed as Agenda computes a job's next run after
   * each run (cron instants in the schedule's time zone, so they follow daylight-saving changes).
   */
  upcomingRuns(repeat: ScheduleRepeat, from: Date, count: number): Date[] {
    const job = this.jobs.create<ScheduleJobData>(SCHEDULE_JOB, { syncId: '' });
    const instants: Date[] = [];
    let last = from;
    while (instants.length < count) {
      job.attrs.lastRunAt = last;
      job.repeatEvery(repeat.interval, { timezone: repeat.timezone ?? undefined });
      const next = job.attrs.nextRunAt;
      if (!next) break;
      instants.push(next);
      last = next;
    }
    return instants;
  }

  /** Makes the schedule jobs match the stored syncs, so a crash between a sync change and its job, or a manual edit, heals. */
  private async reconcile(): Promise<void> {
    const syncs = await this.options.listSyncs();
    const wanted = new Set<string>();
    for (const sync of syncs) {
      if (!scheduleRepeat(sync)) continue; // its job, if any, goes with the orphans below
      wanted.add(sync.id);
      await this.syncChanged(sync);
    }
    const { jobs } = await this.jobs.queryJobs({ name: SCHEDULE_JOB });
    const kept = new Set<string>();
    for (const job of jobs) {
      const { syncId } = job.data as ScheduleJobData;
      // An orphan, or a second job for one sync (two workers reconciling at once).
      if (!wanted.has(syncId) || kept.has(syncId)) await this.jobs.cancel({ id: String(job._id) });
      else kept.add(syncId);
    }
  }

  /** Called by the worker after each run it executed: a successful or partial run triggers its AFTER_SYNC followers. */
  async runFinished(run: FinishedRun): Promise<void> {
    if (!CHAIN_STATUSES.has(run.status)) return;
    const followers = await this.options.followers(run.syncId).catch((error: Error) => {
      this.options.logger.error('could not look up the syncs that follow a sync', { syncId: run.syncId, error: error.message });
      return [];
    });
    for (const syncId of followers) {
      try {
        await this.options.triggerSync(syncId, RunTrigger.AFTER_SYNC);
      } catch (error) {
        this.options.logger.warn('a following sync could not be triggered', { syncId, after: run.syncId, error: (error as Error).message });
      }
    }
  }

  /**
   * Stops taking jobs: jobs this process had locked but not started go back to the queue for other workers, and
   * running ones keep their locks until they end. Enqueueing still works (a run interrupted by the shutdown queues
   * its continuation), without the notification: workers find such a job on their next poll.
   */
  async stopTakingRuns(): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    if (!this.agenda || !this.options.processRuns) return;
    await this.agenda.stop(false).catch((error: Error) => this.options.logger.warn('scheduler stop failed', { error: error.message }));
  }

  /** Stops taking jobs if it has not yet, and disconnects. */
  async stop(): Promise<void> {
    await this.stopTakingRuns();
    const warn = (error: Error) => this.options.logger.warn('scheduler stop failed', { error: error.message });
    if (!this.options.processRuns) await this.backend?.notificationChannel?.disconnect().catch(warn);
    // Our own pool for PostgreSQL; the MongoDB backend owns its client.
    if (this.pool) await this.pool.end().catch(warn);
    else await this.backend?.disconnect().catch(warn);
  }
}

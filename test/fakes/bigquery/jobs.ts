import { randomBytes } from 'node:crypto';
import { FakeQueryError } from './query-error';
import type { QueryPlan } from './query-plan';

export interface FakeJob {
  projectId: string;
  jobId: string;
  location: string;
  owner: string;
  plan: QueryPlan;
  /** When the result is ready (RUNNING until then). */
  readyAt: number;
  state: 'RUNNING' | 'DONE';
  /** Set when the job failed or was cancelled. */
  error?: FakeQueryError;
}

/** Query jobs: RUNNING until their plan's run time has passed, then DONE (or DONE with an error when cancelled or failing). */
export class Jobs {
  private readonly jobs = new Map<string, FakeJob>();

  constructor(private readonly baseLatencyMs: () => number) {}

  create(projectId: string, location: string, owner: string, plan: QueryPlan): FakeJob {
    const job: FakeJob = {
      projectId,
      jobId: `job_${randomBytes(12).toString('base64url')}`,
      location,
      owner,
      plan,
      readyAt: Date.now() + this.baseLatencyMs() + plan.runMs,
      state: 'RUNNING',
    };
    this.jobs.set(`${projectId}:${job.jobId}`, job);
    return job;
  }

  get(projectId: string, jobId: string): FakeJob | undefined {
    const job = this.jobs.get(`${projectId}:${jobId}`);
    if (job) this.settle(job);
    return job;
  }

  /** Moves a job whose time has come to DONE (failing it when its statement fails at run time). */
  settle(job: FakeJob): void {
    if (job.state === 'RUNNING' && Date.now() >= job.readyAt) {
      job.state = 'DONE';
      if (job.plan.executionError !== undefined) job.error = new FakeQueryError(400, 'invalidQuery', job.plan.executionError);
    }
  }

  /** Waits until the job is done or `timeoutMs` passed, as jobs.query and getQueryResults do with their timeoutMs. */
  async wait(job: FakeJob, timeoutMs: number): Promise<void> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      this.settle(job);
      if (job.state === 'DONE' || Date.now() >= until) return;
      await new Promise((resolve) => setTimeout(resolve, Math.max(1, Math.min(25, job.readyAt - Date.now(), until - Date.now()))));
    }
  }

  cancel(job: FakeJob): void {
    this.settle(job);
    if (job.state === 'RUNNING') {
      job.state = 'DONE';
      job.error = new FakeQueryError(400, 'stopped', 'Job execution was cancelled: User requested cancellation');
    }
  }

  /** Jobs still RUNNING now. */
  running(): FakeJob[] {
    return [...this.jobs.values()].filter((job) => (this.settle(job), job.state === 'RUNNING'));
  }

  all(): FakeJob[] {
    return [...this.jobs.values()];
  }
}

import { RunStoppedError, type StopReason } from './run-errors';

/** How a run executing in this process can be stopped. */
export interface RunStopControls {
  /** Aborting it stops the run at once: requests in flight are abandoned. */
  abort: AbortController;
  /** Aborting it asks the run to stop at its next batch boundary, once the writes in flight are confirmed. */
  drain: AbortController;
}

export interface ShutdownTimings {
  /** How long runs get to reach a batch boundary and record where they stand. */
  graceMs: number;
  /** After the grace, how long runs still going get to record how they ended once aborted. */
  abortWaitMs: number;
}

/** Resolves when every promise has settled or `ms` has passed; says whether they all settled. */
async function settledWithin(promises: Array<Promise<unknown>>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  const settled = await Promise.race([Promise.allSettled(promises).then(() => true), timeout]);
  clearTimeout(timer);
  return settled;
}

/**
 * The runs this process is executing, so a cancel or a shutdown reaches them at once, and the executions of run
 * jobs (a run with what follows it), so a shutdown waits for them before closing connections.
 */
export class ActiveRuns {
  private readonly runs = new Map<string, RunStopControls>();
  private readonly executions = new Set<Promise<unknown>>();
  private draining = false;

  get size(): number {
    return this.runs.size;
  }

  /** True once a shutdown began: a run claimed from now on must go back to the queue instead of starting. */
  get isDraining(): boolean {
    return this.draining;
  }

  /** Registers a run as it starts; it is forgotten when `done` settles. */
  add(runId: string, controls: RunStopControls, done: Promise<unknown>): void {
    this.runs.set(runId, controls);
    void done.finally(() => this.runs.delete(runId)).catch(() => undefined);
  }

  /** Tracks the execution of a run job until it settles, so a shutdown waits for it. */
  track<T>(execution: Promise<T>): Promise<T> {
    this.executions.add(execution);
    void execution.finally(() => this.executions.delete(execution)).catch(() => undefined);
    return execution;
  }

  stop(runId: string, reason: StopReason): boolean {
    const run = this.runs.get(runId);
    if (!run) return false;
    run.abort.abort(new RunStoppedError(reason));
    return true;
  }

  /**
   * Shutdown: every run stops at its next batch boundary (the writes in flight finish and their confirmations are
   * stored); a run that has not stopped within the grace is aborted and gets a last short wait to record its end.
   */
  async drainAll({ graceMs, abortWaitMs }: ShutdownTimings): Promise<void> {
    this.draining = true;
    for (const run of this.runs.values()) run.drain.abort(new RunStoppedError('shutdown'));
    if (await settledWithin([...this.executions], graceMs)) return;
    for (const run of this.runs.values()) run.abort.abort(new RunStoppedError('shutdown'));
    await settledWithin([...this.executions], abortWaitMs);
  }
}

import { RunStoppedError, type StopReason } from '../run/run-errors';

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

/**
 * The runs this process is executing, so a cancel or a shutdown reaches them at once, and the executions of run
 * jobs (a run with what follows it), so a shutdown waits for them before closing connections.
 */
export class ActiveRuns {
  private readonly runs = new Map<string, RunStopControls>();
  private readonly executions = new Set<Promise<unknown>>();
  private shuttingDown = false;

  /** True once a shutdown began: a run claimed from now on must go back to the queue instead of starting. */
  get isShuttingDown(): boolean {
    return this.shuttingDown;
  }

  /** From now on no run starts here (see `isShuttingDown`); the running ones go on until `drainAll`. */
  beginShutdown(): void {
    this.shuttingDown = true;
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
    this.shuttingDown = true;
    for (const run of this.runs.values()) run.drain.abort(new RunStoppedError('shutdown'));
    if (await this.settled(graceMs)) return;
    for (const run of this.runs.values()) run.abort.abort(new RunStoppedError('shutdown'));
    await this.settled(abortWaitMs);
  }

  /** Waits, at most `ms`, until no execution is left (including any that started while waiting); says whether none is. */
  private async settled(ms: number): Promise<boolean> {
    const deadline = Date.now() + ms;
    while (this.executions.size > 0) {
      const left = deadline - Date.now();
      if (left <= 0) return false;
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([Promise.allSettled([...this.executions]), new Promise((resolve) => (timer = setTimeout(resolve, left)))]);
      clearTimeout(timer);
    }
    return true;
  }
}

import { RunStoppedError, type StopReason } from './run-errors';

/** How a run executing in this process can be stopped. */
export interface RunStopControls {
  /** Aborting it stops the run at once: requests in flight are abandoned. */
  abort: AbortController;
  /** Aborting it asks the run to stop at its next batch boundary, once the writes in flight are confirmed. */
  drain: AbortController;
}

interface ActiveRun extends RunStopControls {
  done: Promise<unknown>;
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

/** The runs this process is executing, so a cancel or a shutdown reaches them at once. */
export class ActiveRuns {
  private readonly runs = new Map<string, ActiveRun>();

  get size(): number {
    return this.runs.size;
  }

  add(runId: string, controls: RunStopControls, done: Promise<unknown>): void {
    this.runs.set(runId, { ...controls, done });
    void done.finally(() => this.runs.delete(runId)).catch(() => undefined);
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
    const runs = [...this.runs.values()];
    for (const run of runs) run.drain.abort(new RunStoppedError('shutdown'));
    if (await settledWithin(runs.map((run) => run.done), graceMs)) return;
    for (const run of runs) run.abort.abort(new RunStoppedError('shutdown'));
    await settledWithin(runs.map((run) => run.done), abortWaitMs);
  }
}

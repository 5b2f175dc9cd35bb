import { RunStoppedError, type StopReason } from './run-errors';

interface ActiveRun {
  controller: AbortController;
  done: Promise<unknown>;
}

/** The runs this process is executing, so a cancel or a shutdown reaches them at once. */
export class ActiveRuns {
  private readonly runs = new Map<string, ActiveRun>();

  get size(): number {
    return this.runs.size;
  }

  add(runId: string, controller: AbortController, done: Promise<unknown>): void {
    this.runs.set(runId, { controller, done });
    void done.finally(() => this.runs.delete(runId)).catch(() => undefined);
  }

  stop(runId: string, reason: StopReason): boolean {
    const run = this.runs.get(runId);
    if (!run) return false;
    run.controller.abort(new RunStoppedError(reason));
    return true;
  }

  /** Aborts every run and waits, at most `timeoutMs`, for them to record how they ended. */
  async stopAll(reason: StopReason, timeoutMs: number): Promise<void> {
    const runs = [...this.runs.values()];
    for (const run of runs) run.controller.abort(new RunStoppedError(reason));
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)));
    await Promise.race([Promise.allSettled(runs.map((run) => run.done)), timeout]);
    clearTimeout(timer);
  }
}

import type { DestinationLimits } from '../../plugins/contract';
import type { RunCounters } from './run-progress';

/** Rows the destination can take a second at its declared budgets: each request carries at most one batch. */
export function budgetRowsPerSecond(limits: Pick<DestinationLimits, 'requestsPerSecond' | 'maxBatchSize' | 'routes'>): number {
  const batch = Math.max(1, limits.maxBatchSize);
  const perSecond = [limits.requestsPerSecond, ...(limits.routes ?? []).map((route) => (route.requests * 1000) / route.perMs)];
  return Math.min(...perSecond.filter((rate) => rate > 0)) * batch;
}

/** Writing must have gone on this long before its own pace is trusted over the budget's. */
const OBSERVED_AFTER_MS = 3_000;

/**
 * What a run knows or guesses of its size and pace, for `progress` and `estimatedSecondsLeft`.
 *
 * Each row is read, then settled (unchanged, confirmed by the destination, or rejected): progress counts both
 * steps, so it moves while the model is read and while the writes come back. The total is the source's cheap
 * row count when it has one, else the previous run's rowsRead, and exact once the model has been read to its end.
 */
export class RunEstimate {
  private expectedRows: number | null;
  private readDone = false;
  private firstWriteAt: number | null = null;
  private rejectedAtDestination = 0;
  private rowsPerSecondAtBudget: number | null = null;
  private reported = 0;

  constructor(
    previousRowsRead: number | null,
    private readonly now: () => number = Date.now,
  ) {
    this.expectedRows = previousRowsRead;
  }

  /** The destination's budget, known once the run's plan is loaded (see budgetRowsPerSecond). */
  destinationBudget(rowsPerSecond: number): void {
    if (Number.isFinite(rowsPerSecond) && rowsPerSecond > 0) this.rowsPerSecondAtBudget = rowsPerSecond;
  }

  /** The source's own estimate of the model's rows, when it gives one (it wins over the previous run's count). */
  sourceEstimated(rows: number | null): void {
    if (rows !== null && Number.isFinite(rows) && rows >= 0) this.expectedRows = Math.round(rows);
  }

  /** The model has been read to its end: rowsRead is now the total. */
  finishedReading(): void {
    this.readDone = true;
  }

  writeStarted(): void {
    this.firstWriteAt ??= this.now();
  }

  destinationRejected(): void {
    this.rejectedAtDestination += 1;
  }

  private total(counters: RunCounters): number {
    return this.readDone ? counters.rowsRead : Math.max(this.expectedRows ?? 0, counters.rowsRead);
  }

  /** 0 to 0.99 while the run goes on (1 is for a finished run only); it never goes back, even when a guess of the total grows. */
  progress(counters: RunCounters): number {
    const total = this.total(counters);
    const settled = counters.rowsUnchanged + counters.rowsCreated + counters.rowsUpdated + counters.rowsRejected;
    const now = total === 0 ? 0 : Math.min(0.99, (counters.rowsRead + settled) / (2 * total));
    this.reported = Math.max(this.reported, now);
    return this.reported;
  }

  /**
   * Seconds the run still needs at the destination: rows still to send (changed rows not yet answered, plus the
   * unread rows at the share read so far that changed) over the pace of writing, which is the budget's until the
   * writes have gone on a few seconds, then the slower of the budget's and the one seen. Null when unknown: no
   * budget and no pace yet, or nothing known of the unread rows.
   */
  secondsLeft(counters: RunCounters): number | null {
    const answered = counters.rowsCreated + counters.rowsUpdated + this.rejectedAtDestination;
    const inFlight = Math.max(0, counters.rowsChanged - answered);
    const unread = this.readDone ? 0 : this.expectedRows === null ? null : Math.max(0, this.expectedRows - counters.rowsRead);
    if (unread === null) return null;
    const changeShare = counters.rowsRead > 0 ? counters.rowsChanged / counters.rowsRead : 1;
    const toSend = inFlight + unread * changeShare;
    if (toSend === 0) return 0;
    const rate = this.pace(answered);
    return rate === null ? null : Math.round((toSend / rate) * 10) / 10;
  }

  private pace(answered: number): number | null {
    const budget = this.rowsPerSecondAtBudget;
    const writingMs = this.firstWriteAt === null ? 0 : this.now() - this.firstWriteAt;
    const observed = writingMs >= OBSERVED_AFTER_MS && answered > 0 ? (answered * 1000) / writingMs : null;
    if (observed !== null && budget !== null) return Math.min(observed, budget);
    return observed ?? budget;
  }
}

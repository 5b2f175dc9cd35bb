import { sleep } from '../http/abortable-sleep';

/** Pauses one run may take in all, whatever the number of batches that ask for them. */
const MAX_PAUSES_PER_RUN = 3;
/** The longest wait honoured; a destination asking for more gets the batch rejected as retryable instead. */
const MAX_PAUSE_MS = 5 * 60_000;

/** How long the error asks to wait: a retryable DestinationError's `retryAfterMs`, read by shape (plugins may bundle their own copy of the class). */
function pauseAskedBy(error: unknown): number | null {
  const { code, retryable, retryAfterMs } = (error ?? {}) as { code?: unknown; retryable?: unknown; retryAfterMs?: unknown };
  if (code !== 'DESTINATION_FAILED' || retryable !== true) return null;
  if (typeof retryAfterMs !== 'number' || !Number.isFinite(retryAfterMs) || retryAfterMs < 0 || retryAfterMs > MAX_PAUSE_MS) return null;
  return retryAfterMs;
}

/**
 * The pauses of one run's writes. A write that fails with a retryable DestinationError saying when to try again
 * (e.g. ActiveCampaign's importer, whose rate limit answers 400 rather than 429 and so escapes the HTTP retries)
 * opens a pause that every write of the run waits out, then is written again. The run takes at most
 * MAX_PAUSES_PER_RUN pauses; after that such a failure goes to the caller (the batch is rejected as retryable).
 * `signal` ends a wait at once (cancel, shutdown).
 */
export class WritePauses {
  private until = 0;
  private pausesLeft = MAX_PAUSES_PER_RUN;
  /** Pauses opened so far: a write that fails tells by it whether another opened one while it was out. */
  private opened = 0;

  constructor(
    private readonly signal: AbortSignal,
    private readonly onPause: (ms: number, error: Error) => void,
  ) {}

  async write<T>(write: () => Promise<T>): Promise<T> {
    for (;;) {
      await this.waitOut();
      const openedBefore = this.opened;
      try {
        return await write();
      } catch (error) {
        const ms = pauseAskedBy(error);
        if (ms === null) throw error;
        // Another write opened a pause since this one went out: wait that one out instead. (Asking the clock
        // instead would count a timer that woke a millisecond early as such a pause, and write once too often.)
        if (this.opened !== openedBefore) continue;
        if (this.pausesLeft === 0) throw error;
        this.pausesLeft -= 1;
        this.opened += 1;
        this.until = Date.now() + ms;
        this.onPause(ms, error as Error);
      }
    }
  }

  private async waitOut(): Promise<void> {
    const wait = this.until - Date.now();
    if (wait > 0) await sleep(wait, this.signal);
  }
}

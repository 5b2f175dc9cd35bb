import { DestinationError } from '../errors';
import { sleep } from './http/abortable-sleep';

/** Times one batch is written again after the destination asked to wait. */
export const MAX_PAUSES = 2;
/** The longest wait honoured; a destination asking for more gets the batch rejected as retryable instead. */
const MAX_PAUSE_MS = 5 * 60_000;

/**
 * Runs `write`, and when it fails with a retryable DestinationError that says when to try again (`retryAfterMs`:
 * e.g. ActiveCampaign's importer, whose rate limit answers 400 rather than 429 and so escapes the HTTP retries),
 * waits that long and writes again, up to MAX_PAUSES times. `signal` ends a wait at once (cancel, shutdown).
 */
export async function writeWithPauses<T>(write: () => Promise<T>, signal: AbortSignal, onPause: (ms: number, error: DestinationError) => void): Promise<T> {
  for (let pauses = 0; ; pauses += 1) {
    try {
      return await write();
    } catch (error) {
      const ms = error instanceof DestinationError && error.retryable ? error.retryAfterMs : undefined;
      if (ms === undefined || pauses >= MAX_PAUSES || ms > MAX_PAUSE_MS) throw error;
      onPause(ms, error as DestinationError);
      await sleep(ms, signal);
    }
  }
}

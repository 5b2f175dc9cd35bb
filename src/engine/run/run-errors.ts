import { FerryError } from '../../errors';
import { isClassified } from '../../plugins/plugin-errors';

/** Stops a run as FAILED; the message is stored as `SyncRun.error`, so it says what to fix. */
export class RunFailedError extends FerryError {
  readonly code = 'RUN_FAILED';

  constructor(message: string) {
    super(message, { code: 'RUN_FAILED' });
  }
}

/** Why a run was stopped from outside its own work. */
export type StopReason = 'cancelled' | 'shutdown' | 'lost';

/** The abort reason of a run's signal: cancelled by a user, the worker shutting down, or the run row gone or taken over. */
export class RunStoppedError extends FerryError {
  readonly code = 'RUN_STOPPED';

  constructor(readonly reason: StopReason) {
    super(
      reason === 'cancelled'
        ? 'The run was cancelled'
        : reason === 'shutdown'
          ? 'The worker was shut down during the run'
          : 'The run is no longer running on this worker',
      { code: 'RUN_STOPPED', reason },
    );
  }
}

/** The message of anything thrown (an Error's message, or the value itself). */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** What a failed run tells the user: our own errors and plugins' contract errors carry a worded message; anything else is named as unexpected. */
export function failureMessage(error: unknown): string {
  if (isClassified(error)) return errorMessage(error);
  const message = errorMessage(error);
  return `Ferry could not finish the run because of an unexpected error: ${message}. Run it again; if it keeps failing, report this message`;
}

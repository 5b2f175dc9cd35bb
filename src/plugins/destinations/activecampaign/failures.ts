/**
 * How a failed request shows up in write(): a rejected record (validation: not retryable; rate limit, outage,
 * network: retryable) or, when nothing in the batch can succeed, a DestinationError for the whole batch.
 */
import { ConnectionError, DestinationError } from '../../contract';
import { ActiveCampaignHttpError, isRequestError, type ActiveCampaignRequestError } from './api-error';
import { REJECTED_KEY } from './messages';

export interface Rejection {
  reason: string;
  retryable: boolean;
}

/** A 401, or a 403 that says no more than "Forbidden", means the key itself was refused. */
function keyRefused(error: ActiveCampaignHttpError): boolean {
  return error.status === 401 || /^(forbidden|unauthorized)\.?$/i.test(error.message);
}

function forbidden(error: ActiveCampaignHttpError): DestinationError {
  if (keyRefused(error)) return new DestinationError(REJECTED_KEY, false, { status: error.status });
  return new DestinationError(
    `ActiveCampaign refused access (HTTP ${error.status}): ${error.message}: give the API key's user that permission, or use another user's key`,
    false,
    { status: error.status },
  );
}

/**
 * The error that must end the whole write instead of one record: a DestinationError for a refused key or a
 * missing permission, or the error itself when it is not a request failure (an abort, a bug). Null when only
 * the request that failed is affected.
 */
export function batchStopper(error: unknown): unknown {
  if (!isRequestError(error)) return error;
  if (error instanceof ActiveCampaignHttpError && error.forbidden) return forbidden(error);
  return null;
}

/** What one request's failure means for its record. Throws what `batchStopper` names. */
export function rejectionFor(error: unknown): Rejection {
  const stopper = batchStopper(error);
  if (stopper !== null) throw stopper;
  const failure = error as ActiveCampaignRequestError;
  if (!(failure instanceof ActiveCampaignHttpError)) return { reason: failure.message, retryable: true };
  if (failure.retryable) return { reason: `ActiveCampaign could not process the request: ${failure.message}`, retryable: true };
  return { reason: failure.message, retryable: false };
}

/** The whole batch failed while `doing` something every record needs (a lookup, a bulk request). */
export function batchFailure(error: unknown, doing: string): DestinationError {
  const rejection = rejectionFor(error);
  return new DestinationError(`ActiveCampaign: could not ${doing}: ${rejection.reason}`, rejection.retryable);
}

/** A lookup outside write() (discovering objects) failed: what to fix, as a ConnectionError. */
export function connectionFailure(error: unknown, doing: string): ConnectionError {
  if (!isRequestError(error)) return error as ConnectionError;
  if (error instanceof ActiveCampaignHttpError && error.forbidden) return new ConnectionError(forbidden(error).message, { status: error.status });
  return new ConnectionError(`ActiveCampaign: could not ${doing}: ${error.message}`);
}

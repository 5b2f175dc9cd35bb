/**
 * How a failed request shows up in write(): a rejected record (validation: not retryable; rate limit, outage,
 * network: retryable) or, when nothing in the batch can succeed, a DestinationError for the whole batch.
 */
import { ConnectionError, DestinationError } from '../../contract';
import { ActiveCampaignHttpError, isRequestError } from './api-error';
import { REJECTED_KEY } from './connection-test';

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

/** What one request's failure means for its record. Throws for a refused key, and rethrows aborts and bugs. */
export function rejectionFor(error: unknown): Rejection {
  if (!isRequestError(error)) throw error;
  if (error instanceof ActiveCampaignHttpError) {
    if (error.forbidden) throw forbidden(error);
    if (error.retryable) return { reason: `ActiveCampaign could not process the request: ${error.message}`, retryable: true };
    return { reason: error.message, retryable: false };
  }
  return { reason: error.message, retryable: true };
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

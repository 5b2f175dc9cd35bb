import { ConnectionError } from '../../../contract';
import { GoogleApiError } from './google-api-error';
import type { ServiceAccountKey } from './key';

/**
 * Turns a refusal of the token endpoint (`{ error, error_description }`, RFC 6749 §5.2) into a ConnectionError
 * that says what to do. Anything else (no reply at all) passes through unchanged.
 */
export function tokenError(cause: unknown, key: ServiceAccountKey): unknown {
  if (!(cause instanceof GoogleApiError)) return cause;
  const body = (cause.body ?? {}) as { error?: unknown; error_description?: unknown };
  const code = typeof body.error === 'string' ? body.error : `HTTP ${cause.httpStatus}`;
  const said = typeof body.error_description === 'string' ? body.error_description : cause.message;
  const account = key.clientEmail;
  const extensions = { reason: 'authentication_failed', oauthError: code };
  if (code === 'invalid_grant' && /signature/i.test(said)) {
    return new ConnectionError(
      `Google refused the key of the service account ${account} (${said}): the key was deleted or disabled, or its private_key does not belong to this account. Create a new JSON key for ${account} and paste it into serviceAccountKey`,
      extensions,
    );
  }
  if (code === 'invalid_grant' && /timeframe|iat|exp\b|short-lived/i.test(said)) {
    return new ConnectionError(
      `Google refused the token request of ${account} because this server's clock is off (${said}): set the server's clock right (NTP)`,
      extensions,
    );
  }
  if (code === 'invalid_grant' && /not found|account/i.test(said)) {
    return new ConnectionError(
      `Google does not know the service account ${account} (${said}): it may have been deleted; create a service account and a new JSON key`,
      extensions,
    );
  }
  if (code === 'invalid_client' || code === 'unauthorized_client') {
    return new ConnectionError(
      `Google refused the service account ${account} (${code}: ${said}): it may be disabled or deleted; enable it in IAM → Service accounts, or create a new key`,
      extensions,
    );
  }
  return new ConnectionError(`Google refused the service account key of ${account} (${code}: ${said}): check serviceAccountKey`, extensions);
}

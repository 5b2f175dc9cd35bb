import { describeUndocumentedBody } from '../../../contract';

/**
 * An error reply of a Google API, in its documented shape:
 * `{ error: { code, message, status, errors?: [{ reason, message, domain, location }] } }`.
 * It stays inside the Google plugins: each turns it into a ConnectionError or PluginConfigError naming the fix.
 */
export class GoogleApiError extends Error {
  constructor(
    /** The HTTP status, e.g. 403. */
    readonly httpStatus: number,
    message: string,
    /** The canonical status, e.g. PERMISSION_DENIED, NOT_FOUND, RESOURCE_EXHAUSTED; empty when the reply had none. */
    readonly status: string,
    /** The first `errors[].reason`, e.g. accessDenied, notFound, invalidQuery; empty when absent. */
    readonly reason: string,
    /** The parsed reply body, null when it was not JSON. */
    readonly body: unknown = null,
  ) {
    super(message);
    this.name = 'GoogleApiError';
  }

  /** Reads an error reply; a body that is not Google's error JSON (a proxy's page) is described, never quoted. */
  static fromReply(httpStatus: number, body: unknown, raw: string): GoogleApiError {
    const error = (body as { error?: { message?: unknown; status?: unknown; errors?: Array<{ reason?: unknown }> } } | null)?.error;
    if (error && typeof error === 'object' && typeof error.message === 'string') {
      const reason = error.errors?.[0]?.reason;
      return new GoogleApiError(
        httpStatus,
        error.message,
        typeof error.status === 'string' ? error.status : '',
        typeof reason === 'string' ? reason : '',
        body,
      );
    }
    return new GoogleApiError(httpStatus, `HTTP ${httpStatus} with ${describeUndocumentedBody(raw)}`, '', '', body);
  }
}

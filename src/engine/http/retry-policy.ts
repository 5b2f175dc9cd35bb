/** What went wrong with one attempt: the reply's status (with its content type), or the error when no reply came. */
export type AttemptFailure = { statusCode: number; contentType?: string } | { error: unknown };

/**
 * Backoff as a pure function: how long to wait before the next attempt after `attempt` (1 for the first try)
 * failed, or null to stop and hand the failure back. `retryAfterMs` is the server's `Retry-After`, if any.
 */
export type Backoff = (attempt: number, failure: AttemptFailure, retryAfterMs?: number) => number | null;

export interface RetryOptions {
  /**
   * Attempts in all, the first included.
   * @default 5
   */
  maxAttempts?: number;
  /**
   * Ceiling of the first backoff; it doubles with each attempt.
   * @default 500
   */
  baseDelayMs?: number;
  /**
   * Ceiling of any backoff.
   * @default 30_000 // 30 seconds
   */
  maxDelayMs?: number;
  /**
   * Longest `Retry-After` worth waiting for within one request; a longer one stops retrying (the records are
   * rejected as retryable and the next run sends them again).
   * @default 60_000 // 1 minute
   */
  maxRetryAfterMs?: number;
  /** Source of jitter in [0, 1). @default Math.random */
  random?: () => number;
}

const RETRY_STATUSES = new Set([429, 500, 502, 503, 504]);
const RETRY_AFTER_STATUSES = new Set([429, 503]);
/** Resets and timeouts: the request may not have reached the server, or its answer was lost on the way. */
const RETRY_ERROR_CODES = new Set([
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'ECONNABORTED',
  'UND_ERR_SOCKET',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'UND_ERR_CONNECT_TIMEOUT',
]);

/** Every `code` on the error and its causes (undici nests the system error under UND_ERR_SOCKET). */
function errorCodes(error: unknown): string[] {
  const codes: string[] = [];
  for (let current = error, depth = 0; current !== null && typeof current === 'object' && depth < 5; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') codes.push(code);
    current = (current as { cause?: unknown }).cause;
  }
  return codes;
}

/**
 * True for failures worth another try: 429, 500, 502, 503, 504, any 5xx HTML error page (a proxy's, not the
 * API's), connection resets and timeouts. Never any other 4xx: the request itself is wrong. Never an abort.
 */
export function isRetryable(failure: AttemptFailure): boolean {
  if ('statusCode' in failure) {
    const { statusCode, contentType = '' } = failure;
    return RETRY_STATUSES.has(statusCode) || (statusCode >= 500 && statusCode < 600 && /text\/html/i.test(contentType));
  }
  if ((failure.error as { name?: unknown } | null)?.name === 'AbortError') return false;
  return errorCodes(failure.error).some((code) => RETRY_ERROR_CODES.has(code));
}

/**
 * Exponential backoff with full jitter (a uniform wait in [0, min(maxDelayMs, baseDelayMs * 2^(attempt-1)))),
 * honouring `Retry-After` exactly on 429 and 503.
 *
 * POST is retried like any other method: this is a deliberate choice, because every write a destination plugin
 * makes is an upsert keyed by the record's identity (email, account name, externalId), so sending it twice
 * gives the same result as sending it once. A plugin that makes a non-idempotent call must not go through
 * this policy.
 */
export function retryPolicy(options: RetryOptions = {}): Backoff {
  const { maxAttempts = 5, baseDelayMs = 500, maxDelayMs = 30_000, maxRetryAfterMs = 60_000, random = Math.random } = options;
  return (attempt, failure, retryAfterMs) => {
    if (attempt >= maxAttempts || !isRetryable(failure)) return null;
    if (retryAfterMs !== undefined && 'statusCode' in failure && RETRY_AFTER_STATUSES.has(failure.statusCode)) {
      return retryAfterMs <= maxRetryAfterMs ? retryAfterMs : null;
    }
    const ceiling = Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1));
    return Math.floor(random() * ceiling);
  };
}

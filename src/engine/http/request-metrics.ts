/**
 * What a dispatcher reports about its requests (to Prometheus, in Ferry). Each call must be cheap and must not
 * throw: they run on every request.
 */
export interface RequestMetrics {
  /** One attempt went out: its reply's status, or null when no reply came (network error, timeout, abort). */
  attempted(status: number | null): void;
  /** A failed attempt will be tried again: its status, or null when it got no reply. */
  retried(status: number | null): void;
  /** How long one attempt waited for the rate limiter, in seconds (a wait that ended in an abort included). */
  waitedForLimiter(seconds: number): void;
}

/**
 * A budget of requests under one key: never more than `requests` in any `perMs` window. The key names who
 * shares it: an account (`limits().key`) or one route of an account (`<key> POST /api/3/import/bulk_import`).
 */
export interface Budget {
  key: string;
  requests: number;
  perMs: number;
}

/** Permission for one request, counted against every budget it was acquired for. */
export interface Grant {
  /**
   * Call when the request is written to the socket. A request that left well after its grant (a new TLS
   * connection, a busy event loop) moves its grant to now, so the server's window and ours stay the same.
   */
  sent(): void;
}

/** What the rate-limit interceptor needs of a limiter. */
export interface RateLimiter {
  /**
   * Resolves once one request fits every budget at the same moment, and counts it against all of them.
   * Rejects with `signal.reason` as soon as the signal aborts.
   */
  acquire(budgets: readonly Budget[], signal?: AbortSignal): Promise<Grant>;
  /** Grants nothing under these keys for `ms` (the server answered 429); every process sharing the keys waits. */
  holdBack(keys: readonly string[], ms: number): Promise<void>;
}

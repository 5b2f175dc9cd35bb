import { getGlobalDispatcher, type Dispatcher } from 'undici';
import type { SourceLimits } from '../../plugins/contract';
import { InvalidLimitsError } from './invalid-limits-error';
import type { Budget, RateLimiter } from './rate-limiter';
import { rateLimitInterceptor } from './rate-limit-interceptor';
import { retryInterceptor, type RetryInfo } from './retry-interceptor';
import { retryPolicy, type RetryOptions } from './retry-policy';

export interface SourceDispatcherOptions {
  /** The source's `limits(config)`. */
  limits: SourceLimits;
  /** Shared by every run and worker, e.g. `new SlidingWindowLimiter(pool)`. */
  limiter: RateLimiter;
  retry?: RetryOptions;
  /** Aborts every wait (budget, backoff) and in-flight request: pass the read's signal. */
  signal?: AbortSignal;
  onRetry?: (info: RetryInfo) => void;
  /** @default undici's global dispatcher, which sources use when they have no limits */
  agent?: Dispatcher;
}

/** Checks a source's limits once: a key, and a positive whole number of requests over a positive window. */
export function sourceBudget(limits: SourceLimits): Budget {
  const { key, requests, perMs } = limits;
  if (typeof key !== 'string' || key.trim() === '') {
    throw new InvalidLimitsError(
      `limits().key must name who the quota counts (e.g. the account), got ${JSON.stringify(key)}: fix the source plugin's limits()`,
      'key',
    );
  }
  if (!Number.isInteger(requests) || requests <= 0)
    throw new InvalidLimitsError(
      `limits().requests must be a positive integer, got ${String(requests)}: fix the source plugin's limits()`,
      'requests',
    );
  if (typeof perMs !== 'number' || !Number.isFinite(perMs) || perMs <= 0)
    throw new InvalidLimitsError(`limits().perMs must be a positive number, got ${String(perMs)}: fix the source plugin's limits()`, 'perMs');
  return { key: `source ${key}`, requests, perMs };
}

/**
 * The dispatcher to put in `PluginContext.http` for a source with `limits()`: every request waits for the budget
 * (shared by every run, preview and worker reading with the same key) and is retried by the engine's policy
 * (429 with Retry-After, 5xx, resets), like a destination's. Throws InvalidLimitsError when `limits` is unusable.
 */
export function createSourceDispatcher(options: SourceDispatcherOptions): Dispatcher {
  const budget = sourceBudget(options.limits);
  return (options.agent ?? getGlobalDispatcher()).compose(
    rateLimitInterceptor({ limiter: options.limiter, budgets: () => [budget] }),
    retryInterceptor({ backoff: retryPolicy(options.retry), signal: options.signal, onRetry: options.onRetry }),
  );
}

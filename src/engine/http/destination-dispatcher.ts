import { Agent, type Dispatcher } from 'undici';
import type { DestinationLimits } from '../../plugins/contract';
import { guardedConnector, outboundRules } from './outbound-guard';
import type { RateLimiter } from './rate-limiter';
import { rateLimitInterceptor } from './rate-limit-interceptor';
import { budgetsFor } from './request-budgets';
import type { RequestMetrics } from './request-metrics';
import { requestOutcomeInterceptor } from './request-outcome-interceptor';
import { retryInterceptor, type RetryInfo } from './retry-interceptor';
import { retryPolicy, type RetryOptions } from './retry-policy';
import { timedLimiter } from './timed-limiter';

export interface DestinationDispatcherOptions {
  /** The destination's `limits(config)`: the account key, its requests per second, route budgets. */
  limits: DestinationLimits;
  /** Shared by every run and worker, e.g. `new SlidingWindowLimiter(pool)`. */
  limiter: RateLimiter;
  /** Backoff settings; see `retryPolicy`. */
  retry?: RetryOptions;
  /** Aborts every wait (budget, backoff) and in-flight request: pass the run's signal. */
  signal?: AbortSignal;
  /** Called before each retry, to log or count it. */
  onRetry?: (info: RetryInfo) => void;
  /** Told of every attempt's outcome, every retry and every wait for the rate limiter (Ferry's /metrics). */
  metrics?: RequestMetrics;
  /**
   * Where requests finally go.
   * @default the process's shared Agent (keep-alive connections reused by every run)
   */
  agent?: Dispatcher;
}

let shared: Agent | undefined;

/** One Agent for every destination call in the process; never closed by a run. */
function sharedAgent(): Agent {
  shared ??= new Agent({ connect: guardedConnector(outboundRules('destination'), 10_000), headersTimeout: 60_000, bodyTimeout: 60_000 });
  return shared;
}

/**
 * The dispatcher to put in `PluginContext.http` for a destination's calls: the (shared) Agent composed with the
 * rate limit and, outside it, the retry policy, so every attempt waits for budget and plugins make plain
 * requests. Throws InvalidLimitsError when `limits` cannot be enforced.
 *
 * Do not close the returned dispatcher: it is a view of the shared Agent, which outlives the run.
 */
export function createDestinationDispatcher(options: DestinationDispatcherOptions): Dispatcher {
  const { limits, signal, metrics } = options;
  const limiter = metrics ? timedLimiter(options.limiter, (seconds) => metrics.waitedForLimiter(seconds)) : options.limiter;
  const onRetry = (info: RetryInfo): void => {
    metrics?.retried(info.statusCode ?? null);
    options.onRetry?.(info);
  };
  return (options.agent ?? sharedAgent()).compose(
    ...(metrics ? [requestOutcomeInterceptor((status) => metrics.attempted(status))] : []),
    // No signal here: the retry interceptor outside aborts each attempt, waits for budget included, so a
    // request adds one listener to the run's signal, not two.
    rateLimitInterceptor({ limiter, budgets: budgetsFor(limits) }),
    retryInterceptor({ backoff: retryPolicy(options.retry), signal, onRetry }),
  );
}

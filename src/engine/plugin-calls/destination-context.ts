import type { Dispatcher } from 'undici';
import type { Ferry } from '../../ferry';
import type { DestinationLimits, PluginContext } from '../../plugins/contract';
import { createDestinationDispatcher, type RateLimiter } from '../http';

/**
 * HTTP to a destination account: under its rate limit (shared by every run and worker) and the retry policy,
 * counted in the account's request metrics.
 */
export function destinationDispatcher(
  ferry: Pick<Ferry, 'logger' | 'metrics'>,
  limiter: RateLimiter,
  limits: DestinationLimits,
  signal: AbortSignal,
): Dispatcher {
  return createDestinationDispatcher({
    limits,
    limiter,
    signal,
    onRetry: (info) => ferry.logger.debug('retrying a destination request', { ...info }),
    metrics: ferry.metrics.destinationRequests(limits.key),
  });
}

/**
 * The context of a destination's calls in a run or preview: HTTP through the account's rate limit (shared by
 * every run and worker) and the retry policy, the run's signal, and a session that lives as long as the run.
 */
export function destinationContext(
  ferry: Pick<Ferry, 'logger' | 'metrics'>,
  limiter: RateLimiter,
  limits: DestinationLimits,
  signal: AbortSignal,
): PluginContext {
  return { logger: ferry.logger, signal, http: destinationDispatcher(ferry, limiter, limits, signal), session: new Map() };
}

import type { Dispatcher } from 'undici';
import type { Ferry } from '../../ferry';
import type { DestinationLimits, Logger, PluginContext } from '../../plugins/contract';
import { createDestinationDispatcher, type RateLimiter } from '../http';

/** HTTP to a destination account: under its rate limit (shared by every run and worker) and the retry policy. */
export function destinationDispatcher(logger: Logger, limiter: RateLimiter, limits: DestinationLimits, signal: AbortSignal): Dispatcher {
  return createDestinationDispatcher({ limits, limiter, signal, onRetry: (info) => logger.debug('retrying a destination request', { ...info }) });
}

/**
 * The context of a destination's calls in a run or preview: HTTP through the account's rate limit (shared by
 * every run and worker) and the retry policy, the run's signal, and a session that lives as long as the run.
 */
export function destinationContext(
  ferry: Pick<Ferry, 'logger'>,
  limiter: RateLimiter,
  limits: DestinationLimits,
  signal: AbortSignal,
): PluginContext {
  const logger = ferry.logger;
  return { logger, signal, http: destinationDispatcher(logger, limiter, limits, signal), session: new Map() };
}

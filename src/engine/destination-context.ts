import type { Ferry } from '../ferry';
import type { DestinationLimits, PluginContext } from '../plugins/contract';
import { createDestinationDispatcher, type RateLimiter } from './http';

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
  const http = createDestinationDispatcher({
    limits,
    limiter,
    signal,
    onRetry: (info) => logger.debug('retrying a destination request', { ...info }),
  });
  return { logger, signal, http, session: new Map() };
}

import type { Dispatcher } from 'undici';
import { guardedSourceAgent } from '../http/guarded-agent';
import type { Logger, SourceLimits } from '../../plugins/contract';
import { createSourceDispatcher, type RateLimiter } from '../http';

/**
 * HTTP for a source's calls: under its request budget (shared by every run, preview and worker) and the retry
 * policy when the plugin declares `limits()`, plain otherwise.
 */
export function sourceDispatcher(logger: Logger, limiter: RateLimiter, limits: SourceLimits | undefined, signal: AbortSignal): Dispatcher {
  if (!limits) return guardedSourceAgent();
  return createSourceDispatcher({
    limits,
    limiter,
    signal,
    agent: guardedSourceAgent(),
    onRetry: (info) => logger.debug('retrying a source request', { ...info }),
  });
}

import type { Dispatcher } from 'undici';
import type { Backoff } from './retry-policy';
import { RetryingRequest, type RetryInfo } from './retrying-request';

export type { RetryInfo } from './retrying-request';

export interface RetryInterceptorOptions {
  /** When to try again and after how long. */
  backoff: Backoff;
  /** Aborts every backoff wait (the run was cancelled). */
  signal?: AbortSignal;
  /** Called before each wait for another attempt, e.g. to log or count retries. */
  onRetry?: (info: RetryInfo) => void;
}

/**
 * undici interceptor that retries a request as `backoff` decides. Put it outside the rate-limit interceptor
 * (`agent.compose(rateLimit, retry)`) so that every attempt acquires budget again. After the last attempt the
 * caller gets the last reply (e.g. the 503, body and all) or the last network error.
 *
 * Only replayable bodies are retried: none, a string, a Buffer/Uint8Array or an ArrayBuffer. A request with a
 * stream or iterable body goes out once and its failure is handed back as is.
 */
export function retryInterceptor(options: RetryInterceptorOptions): Dispatcher.DispatcherComposeInterceptor {
  return (dispatch) => (opts, handler) => {
    new RetryingRequest(dispatch, opts, handler, options).start();
    return true;
  };
}

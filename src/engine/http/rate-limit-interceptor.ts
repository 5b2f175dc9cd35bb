import createDebug from 'debug';
import type { Dispatcher } from 'undici';
import type { Grant, RateLimiter } from './rate-limiter';
import { RequestController } from './request-controller';
import type { BudgetLookup } from './request-budgets';
import { parseRetryAfter } from './retry-after';

const debug = createDebug('ferry:http:rate-limit');

export interface RateLimitInterceptorOptions {
  limiter: RateLimiter;
  /** The budgets of a request, from the destination's limits (see `budgetsFor`). */
  budgets: BudgetLookup;
}

/**
 * undici interceptor: every request (and so every retry, when the retry interceptor sits outside this one)
 * first acquires all its budgets at once, the route budgets and the account's, then goes out. A 429 holds back
 * the request's keys for its `Retry-After` (or the shortest window when absent), so every run and worker on the
 * same account pauses too. Aborting the request while it waits for budget ends the wait at once. When the
 * request is finally written to its socket, the grant is told (`Grant.sent`), so a late departure counts late.
 */
export function rateLimitInterceptor(options: RateLimitInterceptorOptions): Dispatcher.DispatcherComposeInterceptor {
  const { limiter, budgets: lookup } = options;
  return (dispatch) => (opts, handler) => {
    const controller = new RequestController();
    const budgets = lookup(opts.method, opts.path);
    let grant: Grant | undefined;
    const fail = (error: Error): void => {
      controller.settle();
      handler.onResponseError?.(controller, error);
    };
    const forward: Dispatcher.DispatchHandler = {
      onRequestStart: (target) => {
        grant?.sent();
        controller.attach(target);
      },
      onRequestUpgrade: (_target, statusCode, headers, socket) => handler.onRequestUpgrade?.(controller, statusCode, headers, socket),
      onResponseStart: (_target, statusCode, headers, statusMessage) => {
        if (statusCode === 429) {
          const ms = parseRetryAfter(headers['retry-after']) ?? Math.min(...budgets.map((budget) => budget.perMs));
          limiter
            .holdBack(
              budgets.map((budget) => budget.key),
              ms,
            )
            .catch((error: unknown) => debug('could not record a 429 hold: %O', error));
        }
        handler.onResponseStart?.(controller, statusCode, headers, statusMessage);
      },
      onResponseData: (_target, chunk) => handler.onResponseData?.(controller, chunk),
      onResponseEnd: (_target, trailers) => {
        controller.settle();
        handler.onResponseEnd?.(controller, trailers);
      },
      onResponseError: (_target, error) => fail(error),
    };

    handler.onRequestStart?.(controller, {});
    limiter.acquire(budgets, controller.signal).then(
      (granted) => {
        grant = granted;
        if (controller.aborted) {
          fail(controller.reason as Error);
          return;
        }
        try {
          dispatch(opts, forward);
        } catch (error) {
          fail(error as Error);
        }
      },
      (error: Error) => fail(error),
    );
    return true;
  };
}

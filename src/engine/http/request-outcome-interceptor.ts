import type { Dispatcher } from 'undici';

/**
 * undici interceptor that reports each request it passes on, as it ends: the reply's status, or null when no
 * reply came. Put it innermost (`agent.compose(outcome, rateLimit, retry)`) so that every attempt on the wire is
 * reported once, retries and 429s included, and requests that never left (aborted while waiting for budget) are not.
 */
export function requestOutcomeInterceptor(report: (status: number | null) => void): Dispatcher.DispatcherComposeInterceptor {
  return (dispatch) => (opts, handler) => {
    let replied = false;
    return dispatch(opts, {
      onRequestStart: (controller, context) => handler.onRequestStart?.(controller, context),
      onRequestUpgrade: (controller, statusCode, headers, socket) => handler.onRequestUpgrade?.(controller, statusCode, headers, socket),
      onResponseStart: (controller, statusCode, headers, statusMessage) => {
        replied = true;
        report(statusCode);
        handler.onResponseStart?.(controller, statusCode, headers, statusMessage);
      },
      onResponseData: (controller, chunk) => handler.onResponseData?.(controller, chunk),
      onResponseEnd: (controller, trailers) => handler.onResponseEnd?.(controller, trailers),
      onResponseError: (controller, error) => {
        if (!replied) report(null);
        handler.onResponseError?.(controller, error);
      },
    });
  };
}

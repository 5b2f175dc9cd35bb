import type { Dispatcher } from 'undici';
import { RESPONSE_TOO_LARGE_CODE, requestedResponseCap } from '../../plugins/sdk/response-size';

/** The reply was larger than Ferry reads; the rest was not read. */
export class ResponseTooLargeError extends Error {
  readonly code = RESPONSE_TOO_LARGE_CODE;
}

let defaultMaxBytes = 64 * 1024 * 1024;

/** Set once at start-up from FERRY_MAX_RESPONSE_BYTES. */
export function capResponseBytes(maxBytes: number): void {
  defaultMaxBytes = maxBytes;
}

function tooLarge(origin: unknown, maxBytes: number, requested: boolean): ResponseTooLargeError {
  const host = typeof origin === 'string' || origin instanceof URL ? new URL(origin).host : 'the server';
  const setting = requested ? "the plugin's own cap for this reply" : 'FERRY_MAX_RESPONSE_BYTES';
  return new ResponseTooLargeError(
    `The reply from ${host} is larger than ${maxBytes} bytes (${setting}), so Ferry stopped reading it: check the URL in the config, or raise FERRY_MAX_RESPONSE_BYTES if such replies are expected`,
  );
}

/**
 * undici interceptor: a reply's body may be at most FERRY_MAX_RESPONSE_BYTES (or the request's `responseCap`).
 * A Content-Length over the cap is refused before the body is read; a longer body is stopped at the cap. Either
 * way the request fails with ResponseTooLargeError, so memory stays bounded whatever a server sends.
 */
export function responseSizeInterceptor(): Dispatcher.DispatcherComposeInterceptor {
  return (dispatch) => (opts, handler) => {
    const requested = requestedResponseCap(opts);
    const maxBytes = requested ?? defaultMaxBytes;
    let received = 0;
    return dispatch(opts, {
      onRequestStart: (controller, context) => handler.onRequestStart?.(controller, context),
      onRequestUpgrade: (controller, statusCode, headers, socket) => handler.onRequestUpgrade?.(controller, statusCode, headers, socket),
      onResponseStart: (controller, statusCode, headers, statusMessage) => {
        const declared = Number(headers['content-length']);
        if (Number.isFinite(declared) && declared > maxBytes) {
          controller.abort(tooLarge(opts.origin, maxBytes, requested !== undefined));
          return;
        }
        handler.onResponseStart?.(controller, statusCode, headers, statusMessage);
      },
      onResponseData: (controller, chunk) => {
        received += chunk.length;
        if (received > maxBytes) {
          controller.abort(tooLarge(opts.origin, maxBytes, requested !== undefined));
          return;
        }
        handler.onResponseData?.(controller, chunk);
      },
      onResponseEnd: (controller, trailers) => handler.onResponseEnd?.(controller, trailers),
      onResponseError: (controller, error) => handler.onResponseError?.(controller, error),
    });
  };
}

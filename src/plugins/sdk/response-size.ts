import type { Dispatcher } from 'undici';

/**
 * The `code` of the error a request fails with when its reply is larger than Ferry reads
 * (FERRY_MAX_RESPONSE_BYTES, or the request's own `responseCap`); its message names the limit and the setting.
 */
export const RESPONSE_TOO_LARGE_CODE = 'ERR_FERRY_RESPONSE_TOO_LARGE';

/**
 * Request options that give one request its own reply cap instead of FERRY_MAX_RESPONSE_BYTES: for replies that
 * are legitimately larger and that the plugin reads in pieces (a warehouse's result partitions or chunks). Spread
 * them into undici's `request` options: `request(url, { dispatcher: ctx.http, ...responseCap(1024 ** 3) })`.
 */
export function responseCap(maxBytes: number): object {
  return { maxResponseBytes: maxBytes };
}

/** The cap a request asked for with `responseCap`, if any. */
export function requestedResponseCap(options: object): number | undefined {
  const cap = (options as { maxResponseBytes?: unknown }).maxResponseBytes;
  return typeof cap === 'number' && cap > 0 ? cap : undefined;
}

/** The reply was larger than Ferry reads; the rest was not read. */
export class ResponseTooLargeError extends Error {
  readonly code = RESPONSE_TOO_LARGE_CODE;
}

let defaultMaxBytes = 64 * 1024 * 1024;

/**
 * FERRY_MAX_RESPONSE_BYTES: the most bytes Ferry reads of a reply. A plugin that unpacks a compressed reply bounds
 * what it unpacks with it too, so a small compressed body cannot become an unbounded one.
 */
export function maxResponseBytes(): number {
  return defaultMaxBytes;
}

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

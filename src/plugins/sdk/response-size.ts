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

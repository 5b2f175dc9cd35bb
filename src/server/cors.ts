import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * CORS for browser frontends on other origins (FERRY_CORS_ORIGINS, comma-separated, or `*`). Sets the headers
 * on `response` and returns true when the request was a preflight that is now answered.
 */
export function applyCors(request: IncomingMessage, response: ServerResponse, allowed: string[]): boolean {
  const origin = request.headers.origin;
  const permitted = origin && (allowed.includes('*') || allowed.includes(origin));
  if (permitted) {
    response.setHeader('access-control-allow-origin', origin);
    response.setHeader('vary', 'origin');
  }
  if (request.method !== 'OPTIONS') return false;
  if (permitted) {
    response.setHeader('access-control-allow-methods', 'GET, POST, OPTIONS');
    response.setHeader('access-control-allow-headers', 'authorization, content-type');
    response.setHeader('access-control-max-age', '600');
  }
  response.writeHead(permitted ? 204 : 403);
  response.end();
  return true;
}

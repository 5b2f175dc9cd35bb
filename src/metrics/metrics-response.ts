import type { IncomingMessage, ServerResponse } from 'node:http';
import type { MetricsText } from './ferry-metrics';

/** Where the metrics text comes from (a FerryMetrics). */
export interface MetricsSource {
  render(): Promise<MetricsText>;
}

function sendText(response: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
  response.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'content-length': Buffer.byteLength(text), ...headers });
  response.end(text);
}

/** Answers a request for /metrics: the metrics to GET (and HEAD), 405 to any other method. */
export async function sendMetrics(metrics: MetricsSource, request: IncomingMessage, response: ServerResponse): Promise<void> {
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    return sendText(response, 405, `${request.method} is not allowed on /metrics: use GET\n`, { allow: 'GET, HEAD' });
  }
  const { contentType, text } = await metrics.render();
  response.writeHead(200, { 'content-type': contentType, 'content-length': Buffer.byteLength(text), 'cache-control': 'no-store' });
  response.end(request.method === 'HEAD' ? undefined : text);
}

/** A plain-text 404 naming where the metrics are. */
export function sendNotFound(response: ServerResponse, path: string): void {
  sendText(response, 404, `Nothing at ${path}: the metrics are at /metrics\n`);
}

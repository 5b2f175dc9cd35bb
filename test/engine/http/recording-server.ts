import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';

/** One request as the server saw it; `at` is performance.now() when its headers arrived. */
export interface Hit {
  method: string;
  path: string;
  body: Buffer;
  at: number;
}

export interface RecordingServer {
  origin: string;
  hits: Hit[];
  close(): Promise<void>;
}

/**
 * A node:http server on 127.0.0.1 that records every request (arrival time, method, path, body) and lets
 * `respond` answer it, or not: destroying the socket or never answering are valid answers too.
 */
export async function startRecordingServer(respond: (hit: Hit, res: ServerResponse, req: IncomingMessage) => void): Promise<RecordingServer> {
  const hits: Hit[] = [];
  const server = createServer((req, res) => {
    const at = performance.now();
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const hit = { method: req.method ?? '', path: req.url ?? '', body: Buffer.concat(chunks), at };
      hits.push(hit);
      respond(hit, res, req);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    hits,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Most arrivals in any window of `windowMs` (a window [t, t + windowMs) starting at any arrival). */
export function maxInAnyWindow(times: readonly number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let most = 0;
  for (let first = 0, last = 0; last < sorted.length; last += 1) {
    while ((sorted[last] as number) - (sorted[first] as number) >= windowMs) first += 1;
    most = Math.max(most, last - first + 1);
  }
  return most;
}

export function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

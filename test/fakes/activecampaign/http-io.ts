/** Reading request bodies and writing replies. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RouteReply } from './router';

/** Bodies beyond this are not kept (the reply is 413). */
export const MAX_BODY_BYTES = 16 * 1024 * 1024;

export interface ReadBody {
  text: string;
  bytes: number;
  tooLarge: boolean;
}

export function readBody(req: IncomingMessage): Promise<ReadBody> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let bytes = 0;
    req.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
      if (bytes <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('end', () => resolve({ text: Buffer.concat(chunks).toString('utf8'), bytes, tooLarge: bytes > MAX_BODY_BYTES }));
    req.on('error', reject);
  });
}

export function send(res: ServerResponse, reply: RouteReply, extraHeaders: Record<string, string>): void {
  const headers: Record<string, string | number> = { ...extraHeaders, ...reply.headers };
  let payload = '';
  if (typeof reply.body === 'string') {
    payload = reply.body;
    headers['Content-Type'] ??= 'text/html; charset=UTF-8';
  } else if (reply.body !== undefined) {
    payload = JSON.stringify(reply.body);
    headers['Content-Type'] = 'application/json; charset=utf-8';
  }
  headers['Content-Length'] = Buffer.byteLength(payload);
  res.writeHead(reply.status, headers);
  res.end(payload);
}

import type { ServerResponse } from 'node:http';
import type { FerryError } from '../errors';

export function sendJson(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), ...headers });
  response.end(text);
}

/** A GraphQL-shaped error response for refusals made before GraphQL runs (auth, size, malformed body). */
export function sendGraphQLError(response: ServerResponse, status: number, error: FerryError): void {
  sendJson(response, status, { errors: [{ message: error.message, extensions: { code: error.code } }] });
}

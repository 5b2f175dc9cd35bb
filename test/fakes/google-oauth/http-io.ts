import type { IncomingMessage, ServerResponse } from 'node:http';

/** The whole request body as text. */
export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Writes a JSON reply. */
export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=UTF-8', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

/** Google's error body for its JSON APIs: `{ error: { code, message, errors?, status } }`. */
export function googleError(code: number, status: string, message: string, reason?: string, extra: Record<string, unknown> = {}) {
  return {
    error: {
      code,
      message,
      ...(reason ? { errors: [{ message, domain: 'global', reason, ...extra }] } : {}),
      status,
    },
  };
}

/** 401 for a missing, unknown or expired token, as Google's APIs answer it. */
export const unauthenticated = googleError(
  401,
  'UNAUTHENTICATED',
  'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.',
);

import { request } from 'undici';
import { ConnectionError, ferryRefusal, type PluginContext } from '../../../contract';
import { GoogleApiError } from './google-api-error';

export interface GoogleRequest {
  method: 'GET' | 'POST';
  url: string;
  /** The OAuth access token, sent as `Authorization: Bearer`. */
  accessToken?: string;
  /** JSON body. */
  json?: unknown;
  /** A form body (`application/x-www-form-urlencoded`), for the token endpoint. */
  form?: Record<string, string>;
  /** Give up on this request after so long. */
  timeoutMs: number;
  /** Ends the request too, besides `ctx.signal` (e.g. a cancel that must go out after the run was aborted). */
  signal?: AbortSignal;
}

const codeOf = (error: unknown): string | undefined => {
  for (let current = error, depth = 0; current && typeof current === 'object' && depth < 5; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && code !== 'UND_ERR' && code !== 'UND_ERR_SOCKET') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
};

/**
 * Sends one request over `ctx.http` (which carries the engine's rate limit and retries, when it has them) and
 * returns the parsed JSON of a 2xx reply. Throws GoogleApiError for an error reply, ConnectionError naming the
 * host when no reply came, and `ctx.signal`'s reason when the call was aborted.
 */
export async function googleRequest<T>(ctx: Pick<PluginContext, 'http' | 'signal'>, req: GoogleRequest): Promise<T> {
  const timeout = AbortSignal.timeout(req.timeoutMs);
  const signal = AbortSignal.any([req.signal ?? ctx.signal, timeout]);
  const headers: Record<string, string> = { accept: 'application/json' };
  if (req.accessToken) headers.authorization = `Bearer ${req.accessToken}`;
  let body: string | undefined;
  if (req.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(req.json);
  } else if (req.form) {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    body = new URLSearchParams(req.form).toString();
  }
  let status: number;
  let raw: string;
  try {
    const reply = await request(req.url, { method: req.method, headers, body, signal, dispatcher: ctx.http });
    status = reply.statusCode;
    raw = await reply.body.text();
  } catch (error) {
    if (!req.signal && ctx.signal.aborted) throw ctx.signal.reason;
    const refusal = ferryRefusal(error);
    if (refusal) throw refusal;
    const host = new URL(req.url).host;
    if (timeout.aborted) {
      throw new ConnectionError(
        `${host} did not answer within ${Math.round(req.timeoutMs / 1000)} seconds: try again later, or raise requestTimeoutSeconds`,
        { reason: 'timeout' },
      );
    }
    const code = codeOf(error);
    throw new ConnectionError(
      `Could not reach ${host}${code ? ` (${code})` : ''}: ${(error as Error).message}. Check the network, and the API URL if you changed it`,
      {
        reason: 'unreachable',
        ...(code ? { networkCode: code } : {}),
      },
    );
  }
  let parsed: unknown = null;
  try {
    parsed = raw.trim() === '' ? {} : JSON.parse(raw);
  } catch {
    parsed = null;
  }
  if (status >= 200 && status < 300 && parsed !== null) return parsed as T;
  throw GoogleApiError.fromReply(status, parsed, raw);
}

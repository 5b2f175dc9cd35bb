/**
 * The one place that talks HTTP to ActiveCampaign: a JSON request over the engine's dispatcher (`ctx.http`,
 * which carries the rate limit and retries), with the account's key, and every failure turned into an
 * ActiveCampaignHttpError or ActiveCampaignNetworkError with a readable message.
 */
import { cappedText } from './capped-body';
import { request } from 'undici';
import type { PluginContext } from '../../contract';
import { ActiveCampaignHttpError } from './api-error';
import { apiBase, apiHost, type ActiveCampaignConfig } from './config';
import { describeErrorReply, looksLikeHtml } from './error-body';
import { networkFailure } from './network-failure';

export type QueryValue = string | number | boolean | undefined | ReadonlyArray<string | number>;

export interface ApiRequest {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Path under `/api/3`, e.g. `/contact/sync`. */
  path: string;
  /** Query parameters; an array repeats the key (`ids[]=1&ids[]=2`). */
  query?: Record<string, QueryValue>;
  /** JSON body. */
  body?: unknown;
  /** A body already serialised as JSON text (when its byte size had to be known), instead of `body`. */
  jsonText?: string;
  /** Give up after this long (the engine's dispatcher has its own timeouts otherwise). */
  timeoutMs?: number;
}

export interface ApiReply<T> {
  status: number;
  body: T;
}

function buildUrl(config: ActiveCampaignConfig, path: string, query: Record<string, QueryValue> = {}): string {
  const url = new URL(`${apiBase(config)}${path}`);
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const item of value) url.searchParams.append(key, String(item));
    else url.searchParams.set(key, String(value));
  }
  return url.toString();
}

function parseJson(raw: string, contentType: string): unknown {
  if (raw.trim() === '' || looksLikeHtml(raw, contentType)) return null;
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return null;
  }
}

/** Keeps the key out of any message, whatever a server or library echoed back. */
function redact(message: string, apiKey: string): string {
  return apiKey.length >= 4 ? message.split(apiKey).join('[api key]') : message;
}

/**
 * Sends one request and returns the parsed JSON of a 2xx reply. Throws ActiveCampaignHttpError for an error
 * status or a reply that is not JSON (an HTML page at a wrong URL), ActiveCampaignNetworkError when no reply
 * came, and the abort reason when `ctx.signal` fired.
 */
export async function apiRequest<T = Record<string, unknown>>(
  config: ActiveCampaignConfig,
  ctx: PluginContext,
  req: ApiRequest,
): Promise<ApiReply<T>> {
  const timeout = req.timeoutMs ? AbortSignal.timeout(req.timeoutMs) : undefined;
  const signal = timeout ? AbortSignal.any([ctx.signal, timeout]) : ctx.signal;
  const payload = req.jsonText ?? (req.body === undefined ? undefined : JSON.stringify(req.body));
  let status: number;
  let raw: string;
  let contentType: string;
  try {
    const reply = await request(buildUrl(config, req.path, req.query), {
      method: req.method,
      dispatcher: ctx.http,
      signal,
      headers: {
        'api-token': config.apiKey,
        accept: 'application/json',
        ...(payload === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: payload,
    });
    status = reply.statusCode;
    contentType = String(reply.headers['content-type'] ?? '');
    raw = await cappedText(reply.body);
  } catch (error) {
    if (ctx.signal.aborted) throw ctx.signal.reason ?? error;
    const failure = networkFailure(error, apiHost(config), timeout?.aborted ? req.timeoutMs : undefined);
    failure.message = redact(failure.message, config.apiKey);
    throw failure;
  }
  const body = parseJson(raw, contentType);
  if (status >= 200 && status < 300) {
    if (body !== null) return { status, body: body as T };
    if (raw.trim() === '') return { status, body: {} as T };
  }
  const message =
    status >= 200 && status < 300
      ? `HTTP ${status} but the reply is not JSON${looksLikeHtml(raw, contentType) ? ' (an HTML page)' : ''}`
      : describeErrorReply(status, body, raw, contentType);
  throw new ActiveCampaignHttpError(status, redact(message, config.apiKey), body, body === null);
}

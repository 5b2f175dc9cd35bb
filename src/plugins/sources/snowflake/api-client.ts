import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import { request, type Dispatcher } from 'undici';
import { ConnectionError, describeUndocumentedBody, ferryRefusal, maxResponseBytes, responseCap, type PluginContext } from '../../contract';
import { abortableSleep } from './abortable-sleep';
import { apiOrigin, type SnowflakeConfig } from './config';
import { authenticationError, type SnowflakeFailure } from './api-errors';
import { JwtSource } from './jwt';
import { signingKey, type SigningKey } from './private-key';

const gunzipAsync = promisify(gunzip);
const USER_AGENT = 'ferry/0.1.0';
/** Busy answers the SQL API documents as "slow down" or "retry with backoff". */
const RETRYABLE_STATUS = new Set([429, 500, 502, 503, 504]);
const ATTEMPTS = 4;
/**
 * A result partition is kept compressed and parsed a row at a time, so it may be larger than FERRY_MAX_RESPONSE_BYTES;
 * this still stops a body that never ends.
 */
const PARTITION_MAX_BYTES = 1024 ** 3;

/** A reply the caller handles itself: 200, 202, 408 and 422 carry a ResultSet, QueryStatus or QueryFailureStatus. */
export interface ApiReply {
  status: number;
  body: Record<string, unknown>;
  /** With `rawSuccess`: a 200's bytes as received (still gzip-compressed when `gzip`), for the caller to parse lazily. */
  raw?: { bytes: Buffer; gzip: boolean };
}

export interface ApiRequest {
  method: 'GET' | 'POST';
  /** Path and query, e.g. /api/v2/statements/<handle>?partition=2 */
  path: string;
  body?: unknown;
  /** Safe to send again after a network failure or a busy answer (the statement POST is, with its requestId). */
  idempotent: boolean;
  /** Sent on the second and later attempts only (e.g. `retry=true` on a statement POST). */
  retryQuery?: string;
  /** Hand a 200's body back unparsed (`raw`), as partitions are, instead of parsing it as one JSON document. */
  rawSuccess?: boolean;
}

/** A connection dropped mid-request: worth another try. Refused connections, unknown hosts and timeouts are not. */
function isTransient(error: unknown): boolean {
  const cause = error as { code?: string; cause?: { code?: string } };
  const code = cause.code ?? cause.cause?.code;
  return code === 'ECONNRESET' || code === 'EPIPE' || code === 'UND_ERR_SOCKET' || code === 'UND_ERR_CLOSED';
}

function retryAfterMs(headers: Dispatcher.ResponseData['headers'], attempt: number): number {
  const header = headers['retry-after'];
  const seconds = Number(Array.isArray(header) ? header[0] : header);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.min(seconds * 1000, 60_000);
  return Math.min(500 * 2 ** attempt, 8000) * (0.75 + Math.random() * 0.5);
}

/**
 * The SQL API v2 for one config: every request signed with a key-pair JWT, JSON in and out (gzip-compressed
 * partitions unpacked), busy answers (429, 5xx) and network failures of idempotent requests retried with backoff,
 * honouring Retry-After. A refused JWT becomes a ConnectionError naming the key's fingerprint.
 */
export class SqlApi {
  readonly origin: string;
  readonly key: SigningKey;
  private readonly jwt: JwtSource;

  constructor(
    readonly config: SnowflakeConfig,
    private readonly ctx: Pick<PluginContext, 'http' | 'logger'>,
  ) {
    this.origin = apiOrigin(config);
    this.key = signingKey(config.privateKey, config.privateKeyPassphrase);
    this.jwt = new JwtSource(config.account, config.user, this.key);
  }

  async send(call: ApiRequest, signal: AbortSignal): Promise<ApiReply> {
    for (let attempt = 0; ; attempt += 1) {
      signal.throwIfAborted();
      const path = attempt > 0 && call.retryQuery ? `${call.path}${call.path.includes('?') ? '&' : '?'}${call.retryQuery}` : call.path;
      let response: Dispatcher.ResponseData;
      try {
        response = await request(`${this.origin}${path}`, {
          method: call.method,
          dispatcher: this.ctx.http,
          signal,
          headers: this.headers(call.body !== undefined),
          body: call.body === undefined ? undefined : JSON.stringify(call.body),
          headersTimeout: this.config.requestTimeoutSeconds * 1000,
          bodyTimeout: this.config.requestTimeoutSeconds * 1000,
          ...(call.rawSuccess ? responseCap(PARTITION_MAX_BYTES) : {}),
        });
      } catch (error) {
        signal.throwIfAborted();
        if (call.idempotent && isTransient(error) && attempt + 1 < ATTEMPTS) {
          this.ctx.logger.debug('snowflake: request failed, retrying', { path: call.path, message: (error as Error).message });
          await abortableSleep(retryAfterMs({}, attempt), signal);
          continue;
        }
        throw this.networkError(error);
      }
      if (RETRYABLE_STATUS.has(response.statusCode) && call.idempotent && attempt + 1 < ATTEMPTS) {
        await response.body.dump().catch(() => undefined);
        this.ctx.logger.debug('snowflake: busy answer, retrying', { path: call.path, status: response.statusCode });
        await abortableSleep(retryAfterMs(response.headers, attempt), signal);
        continue;
      }
      return this.reply(response, call);
    }
  }

  private headers(withBody: boolean): Record<string, string> {
    return {
      authorization: `Bearer ${this.jwt.token()}`,
      'x-snowflake-authorization-token-type': 'KEYPAIR_JWT',
      accept: 'application/json',
      'accept-encoding': 'gzip',
      'user-agent': USER_AGENT,
      ...(withBody ? { 'content-type': 'application/json' } : {}),
    };
  }

  private async reply(response: Dispatcher.ResponseData, call: ApiRequest): Promise<ApiReply> {
    let raw: Buffer;
    try {
      raw = Buffer.from(await response.body.arrayBuffer());
    } catch (error) {
      throw this.networkError(error);
    }
    const gzip = String(response.headers['content-encoding'] ?? '').includes('gzip');
    if (call.rawSuccess && response.statusCode === 200) return { status: 200, body: {}, raw: { bytes: raw, gzip } };
    if (gzip) raw = await this.unpack(raw);
    let body: Record<string, unknown> | null = null;
    try {
      const parsed: unknown = JSON.parse(raw.toString('utf8'));
      if (parsed && typeof parsed === 'object') body = parsed as Record<string, unknown>;
    } catch {
      body = null;
    }
    const status = response.statusCode;
    if (status === 401 || (status === 403 && body?.code === '390144'))
      throw authenticationError(this.config, (body ?? {}) as SnowflakeFailure, this.key.fingerprint);
    if (body && [200, 202, 408, 422].includes(status)) return { status, body };
    // Only Snowflake's documented `message` is repeated; any other body is described, never quoted.
    const text =
      typeof body?.message === 'string' ? body.message : `with ${describeUndocumentedBody(raw, String(response.headers['content-type'] ?? ''))}`;
    throw new ConnectionError(this.statusMessage(status, text, call), {
      reason: 'unexpected_response',
      httpStatus: status,
      ...(body?.code ? { snowflakeCode: body.code } : {}),
    });
  }

  /** A gzip reply unpacked, but never to more than FERRY_MAX_RESPONSE_BYTES (a small body may unpack to gigabytes). */
  private async unpack(raw: Buffer): Promise<Buffer> {
    const maxBytes = maxResponseBytes();
    try {
      return await gunzipAsync(raw, { maxOutputLength: maxBytes });
    } catch (error) {
      if ((error as { code?: unknown }).code === 'ERR_BUFFER_TOO_LARGE') {
        throw new ConnectionError(
          `The reply from Snowflake at ${this.origin} unpacks to more than ${maxBytes} bytes (FERRY_MAX_RESPONSE_BYTES), so Ferry stopped unpacking it: raise FERRY_MAX_RESPONSE_BYTES if such replies are expected`,
          { reason: 'response_too_large' },
        );
      }
      throw new ConnectionError(
        `The reply from Snowflake at ${this.origin} is not valid gzip (${(error as Error).message}): try again; if it persists, check endpoint`,
        {
          reason: 'unexpected_response',
        },
      );
    }
  }

  private statusMessage(status: number, text: string, call: ApiRequest): string {
    const where = `Snowflake at ${this.origin}`;
    if (status === 403) return `${where} refused the request (403 ${text}): the SQL API may be blocked for this account by a network policy`;
    if (status === 404) return `${where} has no SQL API at ${call.path.split('?')[0]} (404): check account (and endpoint, when set)`;
    if (status === 429) return `${where} kept answering 429 (too many requests) after ${ATTEMPTS} tries: try again later`;
    if (status >= 500) return `${where} is unavailable (${status} ${text}) after ${ATTEMPTS} tries: try again later`;
    return `${where} answered ${status} to ${call.method} ${call.path.split('?')[0]}: ${text}`;
  }

  private networkError(error: unknown): ConnectionError {
    const refusal = ferryRefusal(error);
    if (refusal) return refusal;
    const cause = error as { code?: string; message?: string; cause?: { code?: string } };
    const code = cause.code ?? cause.cause?.code;
    const where = this.origin;
    if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
      return new ConnectionError(
        `Could not find the host of ${where} (DNS lookup failed): check account (e.g. myorg-myaccount or xy12345.us-east-2.aws)`,
        { reason: 'host_not_found' },
      );
    }
    if (code === 'ECONNREFUSED')
      return new ConnectionError(`Could not connect to ${where}: connection refused. Check account (and endpoint, when set)`, {
        reason: 'connection_refused',
      });
    if (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT' || code === 'UND_ERR_CONNECT_TIMEOUT') {
      return new ConnectionError(
        `${where} did not answer within ${this.config.requestTimeoutSeconds} seconds (requestTimeoutSeconds): check that a firewall lets Ferry reach it, or raise requestTimeoutSeconds`,
        { reason: 'timeout' },
      );
    }
    return new ConnectionError(`Could not reach Snowflake at ${where}: ${cause.message ?? String(error)}`, {
      reason: 'connection_lost',
      ...(code ? { driverCode: code } : {}),
    });
  }
}

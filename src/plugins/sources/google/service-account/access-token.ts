import { createHash } from 'node:crypto';
import { ConnectionError, type PluginContext } from '../../../contract';
import { googleRequest } from './google-request';
import { signAssertion } from './jwt-assertion';
import type { ServiceAccountKey } from './key';
import { tokenError } from './token-errors';

const GRANT_TYPE = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
/** A token is renewed this long before Google says it expires, so no request goes out with a dying one. */
const RENEW_BEFORE_MS = 5 * 60_000;
const TOKEN_TIMEOUT_MS = 30_000;

interface CachedToken {
  token: Promise<string>;
  /** When to stop using it; Infinity until the token endpoint answered. */
  renewAt: number;
}

interface TokenReply {
  access_token?: unknown;
  expires_in?: unknown;
}

/** Tokens of this process, by account, scopes, token endpoint and the key itself (a wrong key never gets a cached token). */
const cache = new Map<string, CachedToken>();

/** A digest of the key itself, worked out once per parsed key. */
const keyDigests = new WeakMap<ServiceAccountKey, string>();

function cacheKey(key: ServiceAccountKey, scopes: readonly string[]): string {
  let digest = keyDigests.get(key);
  if (!digest) {
    const pem = key.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    digest = createHash('sha256').update([key.clientEmail, key.tokenUri, pem].join('\n')).digest('hex');
    keyDigests.set(key, digest);
  }
  return `${digest} ${[...scopes].sort().join(' ')}`;
}

async function exchange(
  key: ServiceAccountKey,
  scopes: readonly string[],
  ctx: Pick<PluginContext, 'http' | 'signal'>,
  entry: CachedToken,
): Promise<string> {
  const reply = await googleRequest<TokenReply>(ctx, {
    method: 'POST',
    url: key.tokenUri,
    form: { grant_type: GRANT_TYPE, assertion: signAssertion(key, scopes) },
    timeoutMs: TOKEN_TIMEOUT_MS,
  }).catch((error: unknown) => {
    throw tokenError(error, key);
  });
  if (typeof reply.access_token !== 'string' || reply.access_token === '') {
    throw new ConnectionError(`The token endpoint ${key.tokenUri} answered without an access_token: check the key's token_uri`, {
      reason: 'authentication_failed',
    });
  }
  const lifetimeMs = (typeof reply.expires_in === 'number' ? reply.expires_in : 3600) * 1000;
  entry.renewAt = Date.now() + Math.max(lifetimeMs - RENEW_BEFORE_MS, lifetimeMs / 2);
  return reply.access_token;
}

/**
 * An OAuth access token for the service account with these scopes, from the JWT-bearer grant at the key's
 * token_uri. Tokens are kept in this process until shortly before they expire, and concurrent callers share
 * one exchange (which a caller's abort leaves running for the others). Throws ConnectionError naming the fix when
 * Google refuses the key, or `ctx.signal`'s reason when the caller aborts first.
 */
export async function accessToken(key: ServiceAccountKey, scopes: readonly string[], ctx: Pick<PluginContext, 'http' | 'signal'>): Promise<string> {
  const id = cacheKey(key, scopes);
  const cached = cache.get(id);
  if (cached && Date.now() < cached.renewAt) return untilAborted(cached.token, ctx.signal);
  const entry: CachedToken = { token: Promise.resolve(''), renewAt: Infinity };
  // Shared by every caller, so no caller's abort ends it: it ends by its own timeout.
  entry.token = exchange(key, scopes, { http: ctx.http, signal: new AbortController().signal }, entry);
  cache.set(id, entry);
  entry.token.catch(() => {
    if (cache.get(id) === entry) cache.delete(id);
  });
  return untilAborted(entry.token, ctx.signal);
}

/** `promise`, or the signal's reason as soon as it aborts. */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/** Forgets the cached token of this account and scopes, e.g. after an API refused it (401): the next call gets a new one. */
export function forgetAccessToken(key: ServiceAccountKey, scopes: readonly string[]): void {
  cache.delete(cacheKey(key, scopes));
}

/** Forgets every cached token (tests). */
export function forgetAccessTokens(): void {
  cache.clear();
}

import { sign } from 'node:crypto';
import type { ServiceAccountKey } from './key';

/** Google accepts assertions that live at most an hour. */
const LIFETIME_SECONDS = 3600;

const base64url = (data: string | Buffer) => Buffer.from(data).toString('base64url');

/**
 * The JWT of the OAuth 2.0 JWT-bearer grant for a service account: RS256, `iss` the account's email, the
 * space-separated `scope`, `aud` the key's token_uri, issued now and expiring an hour later.
 */
export function signAssertion(key: ServiceAccountKey, scopes: readonly string[], nowSeconds = Math.floor(Date.now() / 1000)): string {
  const header = { alg: 'RS256', typ: 'JWT', ...(key.privateKeyId ? { kid: key.privateKeyId } : {}) };
  const claims = { iss: key.clientEmail, scope: scopes.join(' '), aud: key.tokenUri, iat: nowSeconds, exp: nowSeconds + LIFETIME_SECONDS };
  const input = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(claims))}`;
  return `${input}.${base64url(sign('RSA-SHA256', Buffer.from(input), key.privateKey))}`;
}

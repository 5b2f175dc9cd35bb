import { verify } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AccessTokens } from './access-tokens';
import { readBody, sendJson } from './http-io';
import type { ServiceAccounts } from './service-accounts';

const GRANT_TYPE = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
/** Google tolerates some clock skew; the exact figure is a guess. */
const SKEW_SECONDS = 300;

const refuse = (res: ServerResponse, error: string, description: string, status = 400) =>
  sendJson(res, status, { error, error_description: description });

function decode(part: string): Record<string, unknown> | null {
  try {
    const value = JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as unknown;
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/**
 * POST token_uri with the JWT-bearer grant (RFC 7523), as Google's OAuth 2.0 server answers it for service
 * accounts: the assertion must be an RS256 JWT whose `iss` is a known account, signed with that account's key,
 * `aud` the token endpoint, `exp` at most an hour after `iat`, and a `scope`. Replies
 * `{ access_token, expires_in, token_type: "Bearer" }` or 400 `{ error, error_description }`.
 */
export async function handleTokenRequest(
  req: IncomingMessage,
  res: ServerResponse,
  accounts: ServiceAccounts,
  tokens: AccessTokens,
  audience: string,
): Promise<void> {
  if (req.method !== 'POST') return refuse(res, 'invalid_request', 'Method not allowed', 405);
  if (!String(req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) {
    return refuse(res, 'invalid_request', 'Bad Request');
  }
  const form = new URLSearchParams(await readBody(req));
  const grantType = form.get('grant_type');
  if (grantType !== GRANT_TYPE) return refuse(res, 'unsupported_grant_type', `Invalid grant_type: ${grantType ?? ''}`);
  const parts = (form.get('assertion') ?? '').split('.');
  const header = parts.length === 3 ? decode(parts[0]) : null;
  const claims = parts.length === 3 ? decode(parts[1]) : null;
  if (!header || !claims) return refuse(res, 'invalid_grant', 'Invalid JWT: Malformed');
  if (header.alg !== 'RS256') return refuse(res, 'invalid_grant', 'Invalid JWT Signature.');
  const account = typeof claims.iss === 'string' ? accounts.get(claims.iss) : undefined;
  if (!account) return refuse(res, 'invalid_grant', 'Invalid grant: account not found');
  const signed = verify('RSA-SHA256', Buffer.from(`${parts[0]}.${parts[1]}`), account.publicKey, Buffer.from(parts[2], 'base64url'));
  if (!signed || !account.active) return refuse(res, 'invalid_grant', 'Invalid JWT Signature.');
  if (claims.aud !== audience) return refuse(res, 'invalid_grant', `Invalid JWT: Failed audience check. The expected audience is ${audience}.`);
  const now = Math.floor(Date.now() / 1000);
  const { iat, exp } = claims;
  if (typeof iat !== 'number' || typeof exp !== 'number' || exp - iat > 3600 || iat > now + SKEW_SECONDS || exp < now - SKEW_SECONDS) {
    return refuse(
      res,
      'invalid_grant',
      'Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe. Check your iat and exp values in the JWT claim.',
    );
  }
  const scopes = typeof claims.scope === 'string' ? claims.scope.split(' ').filter(Boolean) : [];
  if (scopes.length === 0) return refuse(res, 'invalid_scope', 'Invalid OAuth scope or ID token audience provided.');
  sendJson(res, 200, tokens.issue(account.email, scopes));
}

import { createVerify } from 'node:crypto';
import type { FakeSnowflakeState, FakeUser } from './state';

export type AuthOutcome = { ok: true; user: FakeUser } | { ok: false; status: number; body: Record<string, unknown> };

/** Snowflake's answer to any key-pair JWT it does not accept (documented wording; the bracket is a request id). */
export function invalidJwt(requestId: string): AuthOutcome {
  return { ok: false, status: 401, body: { code: '390144', message: `JWT token is invalid. [${requestId}]` } };
}

function decodePart(part: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/**
 * Checks a key-pair JWT as Snowflake does: RS256; sub = ACCOUNT.USER of this account and an existing user; iss =
 * sub + '.SHA256:<fingerprint>' of one of the user's registered public keys; signature verified with that key;
 * not expired, issued at most one hour before it expires.
 */
export function verifyKeyPairJwt(
  state: FakeSnowflakeState,
  authorization: string | undefined,
  tokenType: string | undefined,
  requestId: string,
  nowMs = Date.now(),
): AuthOutcome {
  if (!authorization)
    return { ok: false, status: 401, body: { code: '390101', message: `Authorization header not found in the request data. [${requestId}]` } };
  const match = /^Bearer\s+(\S+)$/i.exec(authorization);
  if (!match) return invalidJwt(requestId);
  if ((tokenType ?? 'OAUTH').toUpperCase() !== 'KEYPAIR_JWT') {
    return { ok: false, status: 401, body: { code: '390303', message: `Invalid OAuth access token. [${requestId}]` } };
  }
  const parts = match[1].split('.');
  if (parts.length !== 3) return invalidJwt(requestId);
  const [header, payload] = [decodePart(parts[0]), decodePart(parts[1])];
  if (!header || !payload || header.alg !== 'RS256') return invalidJwt(requestId);
  const { iss, sub, iat, exp } = payload as { iss?: unknown; sub?: unknown; iat?: unknown; exp?: unknown };
  if (typeof iss !== 'string' || typeof sub !== 'string' || typeof iat !== 'number' || typeof exp !== 'number') return invalidJwt(requestId);
  const [account, userName] = sub.split('.');
  if (account !== state.account.toUpperCase() || !userName) return invalidJwt(requestId);
  const user = state.users.get(userName);
  if (!user || !iss.startsWith(`${sub}.SHA256:`)) return invalidJwt(requestId);
  const publicKey = user.keys.get(iss.slice(sub.length + 1));
  if (!publicKey) return invalidJwt(requestId);
  const signed = createVerify('RSA-SHA256').update(`${parts[0]}.${parts[1]}`).verify(publicKey, Buffer.from(parts[2], 'base64url'));
  if (!signed) return invalidJwt(requestId);
  const now = nowMs / 1000;
  if (exp <= now || exp - iat > 3600 || iat > now + 60) return invalidJwt(requestId);
  return { ok: true, user };
}

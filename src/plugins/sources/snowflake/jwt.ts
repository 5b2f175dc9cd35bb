import { createSign } from 'node:crypto';
import type { SigningKey } from './private-key';

/** Snowflake accepts a key-pair JWT that lives at most one hour; a little less leaves room for clock skew. */
const LIFETIME_SECONDS = 59 * 60;

const base64url = (value: string | Buffer) => Buffer.from(value).toString('base64url');

/**
 * The account part of the JWT's claims: the account identifier in upper case without the region and cloud
 * (`xy12345.us-east-2.aws` → `XY12345`; `myorg-myaccount` stays `MYORG-MYACCOUNT`), as Snowflake's own
 * connectors build it.
 */
export function jwtAccount(account: string): string {
  const withoutHost = account.trim().replace(/\.snowflakecomputing\.com$/i, '');
  const dot = withoutHost.indexOf('.');
  return (dot > 0 ? withoutHost.slice(0, dot) : withoutHost).toUpperCase();
}

/** `ACCOUNT.USER`: the JWT's subject, and its issuer before the key fingerprint. */
export function qualifiedUser(account: string, user: string): string {
  return `${jwtAccount(account)}.${user.toUpperCase()}`;
}

/**
 * A key-pair JWT (RS256): iss `ACCOUNT.USER.SHA256:<fingerprint>`, sub `ACCOUNT.USER`, iat now, exp within the
 * hour. Sent as `Authorization: Bearer <jwt>` with `X-Snowflake-Authorization-Token-Type: KEYPAIR_JWT`.
 */
export function signJwt(account: string, user: string, key: SigningKey, nowMs = Date.now()): { token: string; expiresAtMs: number } {
  const subject = qualifiedUser(account, user);
  const iat = Math.floor(nowMs / 1000);
  const exp = iat + LIFETIME_SECONDS;
  const header = base64url(JSON.stringify({ alg: 'RS256', typ: 'JWT' }));
  const payload = base64url(JSON.stringify({ iss: `${subject}.${key.fingerprint}`, sub: subject, iat, exp }));
  const signature = createSign('RSA-SHA256').update(`${header}.${payload}`).sign(key.privateKey);
  return { token: `${header}.${payload}.${base64url(signature)}`, expiresAtMs: exp * 1000 };
}

/** Signs a JWT once and again only when the one it holds nears its end, so long reads keep authenticating. */
export class JwtSource {
  private current: { token: string; expiresAtMs: number } | null = null;

  constructor(
    private readonly account: string,
    private readonly user: string,
    private readonly key: SigningKey,
  ) {}

  token(nowMs = Date.now()): string {
    if (!this.current || this.current.expiresAtMs - nowMs < 5 * 60 * 1000) this.current = signJwt(this.account, this.user, this.key, nowMs);
    return this.current.token;
  }
}

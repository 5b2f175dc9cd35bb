import { createHash, createPublicKey, createSign } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { request } from 'undici';

/** Claims to sign, for tests that forge bad tokens; defaults follow Snowflake's documented key-pair JWT. */
export interface JwtClaims {
  iss?: string;
  sub?: string;
  iat?: number;
  exp?: number;
}

/** A key-pair JWT signed with `privateKey`, written independently of the plugin's signer (from Snowflake's docs). */
export function keyPairJwt(account: string, user: string, privateKey: string, claims: JwtClaims = {}, signWith = privateKey): string {
  const der = createPublicKey(privateKey).export({ type: 'spki', format: 'der' });
  const fingerprint = `SHA256:${createHash('sha256').update(der).digest('base64')}`;
  const qualified = `${account.toUpperCase()}.${user.toUpperCase()}`;
  const now = Math.floor(Date.now() / 1000);
  const payload = { iss: `${qualified}.${fingerprint}`, sub: qualified, iat: now, exp: now + 3000, ...claims };
  const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const unsigned = `${encode({ alg: 'RS256', typ: 'JWT' })}.${encode(payload)}`;
  return `${unsigned}.${createSign('RSA-SHA256').update(unsigned).sign(signWith).toString('base64url')}`;
}

export interface RawReply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Record<string, any>;
}

/** Sends one request to the fake as a SQL API client would, and reads the JSON reply (gunzipping it when compressed). */
export async function call(
  baseUrl: string,
  method: 'GET' | 'POST',
  path: string,
  options: { token?: string | null; body?: unknown; headers?: Record<string, string> } = {},
): Promise<RawReply> {
  const response = await request(`${baseUrl}${path}`, {
    method,
    headers: {
      ...(options.token ? { authorization: `Bearer ${options.token}`, 'x-snowflake-authorization-token-type': 'KEYPAIR_JWT' } : {}),
      'user-agent': 'fake-test/1.0',
      accept: 'application/json',
      ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...options.headers,
    },
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  let raw = Buffer.from(await response.body.arrayBuffer());
  if (response.headers['content-encoding'] === 'gzip') raw = gunzipSync(raw);
  return { status: response.statusCode, headers: response.headers, body: raw.length ? JSON.parse(raw.toString('utf8')) : {} };
}

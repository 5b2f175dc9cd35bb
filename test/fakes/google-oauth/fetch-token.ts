import { sign, type KeyObject } from 'node:crypto';
import { request } from 'undici';

export interface AssertionClaims {
  iss: string;
  scope?: string;
  aud: string;
  iat: number;
  exp: number;
}

/** An RS256 JWT over `claims`, for the fakes' own tests (independent of the plugin's signing code). */
export function jwt(claims: AssertionClaims, key: KeyObject | string, alg = 'RS256'): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const input = `${part({ alg, typ: 'JWT' })}.${part(claims)}`;
  return `${input}.${sign('RSA-SHA256', Buffer.from(input), key).toString('base64url')}`;
}

/** Claims for a key file: now, an hour, the key's token_uri. */
export function claimsFor(keyJson: string, scope: string): AssertionClaims {
  const key = JSON.parse(keyJson) as { client_email: string; token_uri: string };
  const now = Math.floor(Date.now() / 1000);
  return { iss: key.client_email, scope, aud: key.token_uri, iat: now, exp: now + 3600 };
}

/** POSTs a JWT-bearer grant to the token endpoint and returns the status and body. */
export async function postGrant(
  tokenUri: string,
  assertion: string,
  grantType = 'urn:ietf:params:oauth:grant-type:jwt-bearer',
): Promise<{ status: number; body: any }> {
  const reply = await request(tokenUri, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: grantType, assertion }).toString(),
  });
  return { status: reply.statusCode, body: await reply.body.json() };
}

/** An access token for the key file with `scope`. */
export async function tokenFor(keyJson: string, scope: string): Promise<string> {
  const key = JSON.parse(keyJson) as { private_key: string; token_uri: string };
  const { status, body } = await postGrant(key.token_uri, jwt(claimsFor(keyJson, scope), key.private_key));
  if (status !== 200) throw new Error(`token request failed: ${JSON.stringify(body)}`);
  return body.access_token as string;
}

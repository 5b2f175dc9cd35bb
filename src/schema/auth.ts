import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { ApiToken } from '../entities';
import type { TokenCache, TokenIdentity } from './token-cache';

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Makes a new API token; only its hash is stored, so the token is shown once. */
export async function createApiToken(db: DataSource, name: string, expiresAt: Date | null = null): Promise<{ token: string; apiToken: ApiToken }> {
  const token = `ferry_${randomBytes(24).toString('base64url')}`;
  const repository = db.getRepository(ApiToken);
  const apiToken = await repository.save(repository.create({ name, tokenHash: hashToken(token), expiresAt }));
  return { token, apiToken };
}

/**
 * The token in an HTTP Authorization header or in WebSocket connectionParams.authorization: the same two forms are
 * accepted on both, `Bearer <token>` and the bare token. Null for anything else.
 */
export function credentialToken(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const match = /^\s*(?:Bearer\s+)?(\S+)\s*$/i.exec(value);
  return match && match[1].toLowerCase() !== 'bearer' ? match[1] : null;
}

function sameText(a: string, b: string): boolean {
  const left = Buffer.from(hashToken(a));
  const right = Buffer.from(hashToken(b));
  return timingSafeEqual(left, right);
}

/** Who the token is, when it works now: FERRY_API_TOKEN, or a stored token neither revoked nor expired. */
export async function authenticate(tokens: TokenCache, token: string | null, staticToken: string | undefined): Promise<TokenIdentity | null> {
  if (!token) return null;
  if (staticToken && sameText(token, staticToken)) return { tokenId: null, expiresAt: null };
  return tokens.lookup(hashToken(token));
}

/** True when no API token exists yet (a first start). */
export async function hasNoTokens(db: DataSource): Promise<boolean> {
  return (await db.getRepository(ApiToken).count()) === 0;
}

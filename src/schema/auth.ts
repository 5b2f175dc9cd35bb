import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { ApiToken } from '../entities';
import { verifiedTokens } from './token-cache';

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Makes a new API token; only its hash is stored, so the token is shown once. */
export async function createApiToken(db: DataSource, name: string): Promise<string> {
  const token = `ferry_${randomBytes(24).toString('base64url')}`;
  await db.getRepository(ApiToken).insert({ name, tokenHash: hashToken(token) });
  return token;
}

/** The token from `Bearer <token>`, or null. */
export function bearerToken(header: string | undefined | null): string | null {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return match ? match[1] : null;
}

function sameText(a: string, b: string): boolean {
  const left = Buffer.from(hashToken(a));
  const right = Buffer.from(hashToken(b));
  return timingSafeEqual(left, right);
}

/** True when the token is FERRY_API_TOKEN or a stored token. */
export async function isValidToken(db: DataSource, token: string | null, staticToken: string | undefined): Promise<boolean> {
  if (!token) return false;
  if (staticToken && sameText(token, staticToken)) return true;
  const tokenHash = hashToken(token);
  return verifiedTokens(db).verify(tokenHash, () => isStoredToken(db, tokenHash));
}

/** Looks the token up in the database (recording its use at most once a minute). */
async function isStoredToken(db: DataSource, tokenHash: string): Promise<boolean> {
  const tokens = db.getRepository(ApiToken);
  const stored = await tokens.findOne({ where: { tokenHash }, select: { id: true, lastUsedAt: true } });
  if (!stored) return false;
  if (!stored.lastUsedAt || Date.now() - stored.lastUsedAt.getTime() > 60_000) {
    await tokens.update(stored.id, { lastUsedAt: new Date() });
  }
  return true;
}

/** True when no API token exists yet (a first start). */
export async function hasNoTokens(db: DataSource): Promise<boolean> {
  return (await db.getRepository(ApiToken).count()) === 0;
}

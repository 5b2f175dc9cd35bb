import type { DataSource } from 'typeorm';
import { ApiToken } from '../../entities';
import { publishTokenRevoked } from '../../events/token-events';
import { findOrFail } from '../shared/find-or-fail';

/** Every token, oldest first, revoked ones included (without their hashes: the entity has no field for them). */
export function listApiTokens(db: DataSource): Promise<ApiToken[]> {
  return db.getRepository(ApiToken).find({ order: { createdAt: 'ASC' } });
}

/**
 * Stops a token for good: marks it revoked (once: revoking again keeps the first time) and announces it to every API
 * process, which drop it from their caches and close the WebSockets it opened.
 */
export async function revokeApiToken(db: DataSource, id: string): Promise<ApiToken> {
  const token = await findOrFail(db, ApiToken, 'API token', id);
  await db.query('UPDATE api_tokens SET revoked_at = coalesce(revoked_at, now()) WHERE id = $1', [token.id]);
  await publishTokenRevoked(db, token.id);
  return findOrFail(db, ApiToken, 'API token', id);
}

import type { Config } from '../config';
import { revokeApiToken } from '../schema/token/token-store';
import { withDatabase } from './with-database';

/** `token revoke ID`: stops the token at once in every API process (its WebSockets are closed with 4403). */
export async function tokenRevoke(config: Config, id: string | undefined): Promise<void> {
  if (!id) throw new Error('the token id is required: npm run ferry -- token revoke ID (ids: npm run ferry -- token list)');
  const token = await withDatabase(config, (db) => revokeApiToken(db, id));
  process.stdout.write(`revoked ${token.id} (${token.name})\n`);
}

import type { Config } from '../config';
import { createApiToken } from '../schema/auth';
import { withDatabase } from './with-database';

/** `token create --name NAME [--expires WHEN]`: prints a new API token alone on stdout. */
export async function tokenCreate(config: Config, name: string | undefined, expires?: string): Promise<void> {
  if (!name?.trim()) throw new Error('--name is required: npm run ferry -- token create --name NAME');
  const expiresAt = expires === undefined ? null : new Date(expires);
  if (expiresAt && (Number.isNaN(expiresAt.getTime()) || expiresAt.getTime() <= Date.now())) {
    throw new Error(`--expires must be a date and time in the future, e.g. 2027-01-31T00:00:00Z (got "${expires}")`);
  }
  const { token } = await withDatabase(config, (db) => createApiToken(db, name.trim(), expiresAt));
  process.stdout.write(`${token}\n`);
}

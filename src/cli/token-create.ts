import type { Config } from '../config';
import { createApiToken } from '../schema/auth';
import { withDatabase } from './with-database';

/** `token create --name NAME`: prints a new API token alone on stdout. */
export async function tokenCreate(config: Config, name: string | undefined): Promise<void> {
  if (!name?.trim()) throw new Error('--name is required: npm run ferry -- token create --name NAME');
  const token = await withDatabase(config, (db) => createApiToken(db, name.trim()));
  process.stdout.write(`${token}\n`);
}

import { parseArgs } from 'node:util';
import { loadConfig } from './config';
import { openDatabase } from './database/data-source';
import { startEmbeddedPostgres } from './database/embedded-postgres';
import { FerryError } from './errors';
import { createApiToken } from './schema/auth';

const usage = 'Usage: npm run ferry -- token create --name NAME';

/** `npm run ferry -- token create --name NAME`: prints a new API token alone on stdout. */
async function main(argv: string[]): Promise<void> {
  const { positionals, values } = parseArgs({ args: argv, allowPositionals: true, options: { name: { type: 'string' } } });
  if (positionals[0] !== 'token' || positionals[1] !== 'create') throw new Error(usage);
  const name = values.name?.trim();
  if (!name) throw new Error(`--name is required: ${usage}`);
  const config = loadConfig();
  const embedded = config.DATABASE_URL ? null : await startEmbeddedPostgres({ dataDir: config.FERRY_DATA_DIR, logger: () => undefined });
  try {
    const db = await openDatabase(config.DATABASE_URL ?? embedded!.url);
    try {
      process.stdout.write(`${await createApiToken(db, name)}\n`);
    } finally {
      await db.destroy();
    }
  } finally {
    await embedded?.stop();
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`${error instanceof FerryError ? error.message : (error as Error).message}\n`);
  process.exit(1);
});

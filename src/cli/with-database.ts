import type { DataSource } from 'typeorm';
import type { Config } from '../config';
import { openDatabase } from '../database/data-source';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../database/embedded-postgres';

/**
 * Runs `work` against Ferry's database: DATABASE_URL, or the embedded server (reusing the one a running
 * `npm start` already has on the same data dir).
 */
export async function withDatabase<T>(config: Config, work: (db: DataSource, embedded: EmbeddedDatabase | null) => Promise<T>): Promise<T> {
  const embedded = config.DATABASE_URL ? null : await startEmbeddedPostgres({ dataDir: config.FERRY_DATA_DIR, logger: () => undefined });
  try {
    const db = await openDatabase(config.DATABASE_URL ?? embedded!.url);
    try {
      return await work(db, embedded);
    } finally {
      await db.destroy();
    }
  } finally {
    await embedded?.stop();
  }
}

import { startEmbeddedPostgres, type EmbeddedDatabase } from '../../src/database/embedded-postgres';

/**
 * Starts one PostgreSQL for the whole run; test workers find it in FERRY_TEST_PG_URL (they start after this and
 * inherit the environment). Each test file makes its own database on it (test/helpers/database.ts).
 */
export default async function globalSetup(): Promise<void> {
  const pg = await startEmbeddedPostgres({ dataDir: null, logger: () => undefined });
  process.env.FERRY_TEST_PG_URL = pg.serverUrl;
  (globalThis as { ferryTestPostgres?: EmbeddedDatabase }).ferryTestPostgres = pg;
}

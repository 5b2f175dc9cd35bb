import type { EmbeddedDatabase } from '../../src/database/embedded-postgres';

/** Stops the PostgreSQL that global-setup started (jest runs both in its main process). */
export default async function globalTeardown(): Promise<void> {
  await (globalThis as { ferryTestPostgres?: EmbeddedDatabase }).ferryTestPostgres?.stop();
}

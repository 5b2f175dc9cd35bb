import { Client } from 'pg';
import type { Row } from '../../../src/plugins/contract';
import { postgresConfig, type PostgresConfig } from '../../../src/plugins/sources/postgres/config';
import { createTestDatabase } from '../../helpers/database';

/** The plugin config for a database URL, as a user would type it into the form. */
export function configFromUrl(url: string, overrides: Partial<PostgresConfig> = {}): PostgresConfig {
  const parsed = new URL(url);
  return postgresConfig.parse({
    host: parsed.hostname,
    port: Number(parsed.port),
    database: decodeURIComponent(parsed.pathname.slice(1)),
    user: decodeURIComponent(parsed.username),
    password: decodeURIComponent(parsed.password),
    ...overrides,
  });
}

/** A fresh database for one test file, the plugin config for it and an admin client to build fixtures and watch connections. */
export async function postgresFixture(): Promise<{ config: PostgresConfig; admin: Client; url: string }> {
  const url = await createTestDatabase('ferry_pgsrc');
  const admin = new Client({ connectionString: url });
  await admin.connect();
  return { config: configFromUrl(url), admin, url };
}

/** Connections to the admin's database other than the admin's own. */
export async function otherBackends(admin: Client): Promise<Array<{ pid: number; state: string; query: string }>> {
  const { rows } = await admin.query(`SELECT pid, state, query FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`);
  return rows;
}

/** Waits until no other connection to the database is left (a backend exits a moment after its client leaves). */
export async function waitUntilReleased(admin: Client, withinMs = 3000): Promise<void> {
  const deadline = Date.now() + withinMs;
  for (;;) {
    const left = await otherBackends(admin);
    if (left.length === 0) return;
    if (Date.now() > deadline) throw new Error(`connections still open after ${withinMs} ms: ${JSON.stringify(left)}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

export async function readAll(batches: AsyncIterable<Row[]>): Promise<Row[][]> {
  const all: Row[][] = [];
  for await (const batch of batches) all.push(batch);
  return all;
}

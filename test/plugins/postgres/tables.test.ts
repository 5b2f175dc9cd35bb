import assert from 'node:assert/strict';
import { afterAll, beforeAll, describe, test } from '@jest/globals';
import type { Client } from 'pg';
import { postgresSource } from '../../../src/plugins/sources/postgres';
import type { PostgresConfig } from '../../../src/plugins/sources/postgres/config';
import { pluginContext } from '../../helpers/plugin-context';
import { postgresFixture, readAll, waitUntilReleased } from './postgres-fixture';

describe('postgres source: tables() and table models', () => {
  let config: PostgresConfig;
  let admin: Client;

  beforeAll(async () => {
    ({ config, admin } = await postgresFixture());
    const role = `reader_${Date.now()}`;
    await admin.query(`
      CREATE TABLE events (at date, kind text) PARTITION BY RANGE (at);
      CREATE TABLE events_2024 PARTITION OF events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
      CREATE MATERIALIZED VIEW event_kinds AS SELECT DISTINCT kind FROM events;
      CREATE TABLE secrets (token text);
      CREATE TABLE shared (id int);
      CREATE ROLE ${role} LOGIN PASSWORD 'reader-password';
      GRANT SELECT ON events, event_kinds, shared TO ${role};`);
    config = { ...config, user: role, password: 'reader-password' };
  });
  afterAll(() => admin.end());

  const tables = (search?: string, first = 100) => postgresSource.tables!(config, { search, first }, pluginContext());

  test('lists tables, partitioned tables and materialized views the user may read; no partition, no system table', async () => {
    assert.deepEqual(await tables(), [
      { schema: 'public', name: 'event_kinds' },
      { schema: 'public', name: 'events' },
      { schema: 'public', name: 'shared' },
    ]);
    await waitUntilReleased(admin);
  });

  test('the search is a substring of schema.name in any case; first caps the answer', async () => {
    assert.deepEqual(await tables('PUBLIC.EVENT'), [
      { schema: 'public', name: 'event_kinds' },
      { schema: 'public', name: 'events' },
    ]);
    assert.deepEqual(await tables('event', 1), [{ schema: 'public', name: 'event_kinds' }]);
    assert.deepEqual(await tables("'; SELECT 1 --"), []);
  });

  test("a table model's error names the table, without a position in a statement the user never wrote", async () => {
    const error = await postgresSource
      .columns(config, { kind: 'table', table: { schema: 'public', name: 'missing' } }, pluginContext())
      .catch((caught: unknown) => caught);
    assert.equal((error as Error).message, 'relation "public.missing" does not exist');
    const refused = await readAll(
      postgresSource.read(config, { kind: 'table', table: { schema: 'public', name: 'secrets' } }, { batchSize: 10 }, pluginContext()),
    ).catch((caught: unknown) => caught);
    assert.equal((refused as Error).message, 'permission denied for table secrets');
  });
});

import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { Client } from 'pg';
import { z } from 'zod';
import { ConnectionError, PluginConfigError } from '../../../src/plugins/contract';
import { redshiftSource } from '../../../src/plugins/sources/postgres';
import type { PostgresConfig } from '../../../src/plugins/sources/postgres/config';
import { redshiftDialect } from '../../../src/plugins/sources/postgres/dialect';
import { pluginContext } from '../../helpers/plugin-context';
import { otherBackends, postgresFixture, readAll, waitUntilReleased } from '../postgres/postgres-fixture';

// What these tests can prove: the Redshift dialect's SQL runs and is read correctly over PostgreSQL's protocol,
// against a real PostgreSQL. What only a live Redshift can prove is listed in the README (Sources → Amazon Redshift).
let config: PostgresConfig;
let admin: Client;

beforeAll(async () => {
  const fixture = await postgresFixture();
  admin = fixture.admin;
  // The embedded test server has no TLS: the Redshift default (ssl on) is turned off for it.
  config = { ...fixture.config, ssl: false };
  await admin.query(`
    CREATE TYPE super AS ENUM ('{"plan": "pro", "seats": 3, "tags": ["a"]}', '"just text"');
    CREATE TYPE varbyte AS ENUM ('616263', '\\x00ff');
    CREATE TABLE events (id int8, payload super, raw varbyte, at timetz, seen timestamptz, amount numeric(20, 4));
    INSERT INTO events VALUES
      (9007199254740993, '{"plan": "pro", "seats": 3, "tags": ["a"]}', '616263', '13:14:15+02', '2024-02-29 12:00:00+00', 12.5),
      (2, '"just text"', '\\x00ff', NULL, NULL, NULL);
    CREATE SCHEMA sales;
    CREATE TABLE sales."Odd ""Name""" (n int);
    INSERT INTO sales."Odd ""Name""" VALUES (1);
    CREATE VIEW sales.big_orders AS SELECT 1 AS n;`);
}, 60_000);
afterAll(() => admin?.end());

const ctx = (signal?: AbortSignal) => pluginContext(signal ? { signal } : {});
const sql = (text: string) => ({ kind: 'sql' as const, sql: text });

describe('redshift source: identity and config', () => {
  test('is the source plugin "redshift", with port 5439 and TLS on by default', () => {
    expect(redshiftSource.id).toBe('redshift');
    expect(redshiftSource.name).toBe('Amazon Redshift');
    expect(redshiftSource.config.parse({ host: 'c.abc.us-west-2.redshift.amazonaws.com', database: 'dev', user: 'ferry', password: 'x' })).toEqual({
      host: 'c.abc.us-west-2.redshift.amazonaws.com',
      port: 5439,
      database: 'dev',
      user: 'ferry',
      password: 'x',
      ssl: true,
      statementTimeoutSeconds: 900,
      connectTimeoutSeconds: 10,
    });
    const schema = z.toJSONSchema(redshiftSource.config) as { properties: Record<string, { writeOnly?: boolean; default?: unknown }> };
    expect(schema.properties.password.writeOnly).toBe(true);
    expect(schema.properties.port.default).toBe(5439);
  });

  test('the dialect declares a plain cursor (Redshift has no NO SCROLL) and fetches at most 1,000 rows at a time', () => {
    expect(redshiftDialect.declareCursor('ferry_model_rows')).toBe('DECLARE ferry_model_rows CURSOR FOR ');
    expect(redshiftDialect.maxFetch).toBe(1000);
  });
});

describe('redshift source: against PostgreSQL with the Redshift dialect', () => {
  test('test() passes; a wrong password names Amazon Redshift and the fix', async () => {
    await expect(redshiftSource.test(config, ctx())).resolves.toBeUndefined();
    const error = await redshiftSource.test({ ...config, password: 'wrong' }, ctx()).catch((caught: unknown) => caught as ConnectionError);
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as ConnectionError).message).toMatch(/^Amazon Redshift at .* refused the password for user .*: check the user and password/);
  });

  test("columns() names types by the catalog lookup written for Redshift's pg_type", async () => {
    expect(await redshiftSource.columns(config, sql('SELECT * FROM events'), ctx())).toEqual([
      { name: 'id', type: 'int8' },
      { name: 'payload', type: 'super' },
      { name: 'raw', type: 'varbyte' },
      { name: 'at', type: 'timetz' },
      { name: 'seen', type: 'timestamptz' },
      { name: 'amount', type: 'numeric' },
    ]);
    await waitUntilReleased(admin);
  });

  test('values: SUPER parsed, VARBYTE as base64 (with or without \\x), TIMETZ as text, the rest as from PostgreSQL', async () => {
    const [rows] = await readAll(redshiftSource.read(config, sql('SELECT * FROM events ORDER BY id DESC'), { batchSize: 10 }, ctx()));
    expect(rows).toEqual([
      {
        id: '9007199254740993',
        payload: { plan: 'pro', seats: 3, tags: ['a'] },
        raw: Buffer.from('abc').toString('base64'),
        at: '13:14:15+02',
        seen: new Date('2024-02-29T12:00:00Z'),
        amount: '12.5000',
      },
      { id: '2', payload: 'just text', raw: Buffer.from([0, 255]).toString('base64'), at: null, seen: null, amount: null },
    ]);
  });

  test('a batch larger than 1,000 rows is read with several FETCHes of at most 1,000', async () => {
    const batches = redshiftSource
      .read(config, sql('SELECT g FROM generate_series(1, 6000) AS g ORDER BY g'), { batchSize: 2500 }, ctx())
      [Symbol.asyncIterator]();
    const first = await batches.next();
    expect(first.value).toHaveLength(2500);
    expect((first.value as Array<{ g: number }>).map((row) => row.g)).toEqual(Array.from({ length: 2500 }, (_, index) => index + 1));
    const [reader] = await otherBackends(admin);
    expect(reader.query).toBe('SET LOCAL statement_timeout = 900000; FETCH FORWARD 500 FROM ferry_model_rows');
    const rest = await readAll({ [Symbol.asyncIterator]: () => batches });
    expect(rest.map((batch) => batch.length)).toEqual([2500, 1000]);
    await waitUntilReleased(admin);
  });

  test('a cancel Ferry did not ask for is reported as the statement timeout, naming the setting', async () => {
    const error = await readAll(
      redshiftSource.read({ ...config, statementTimeoutSeconds: 0.5 }, sql('SELECT pg_sleep(5) AS pause'), { batchSize: 10 }, ctx()),
    ).catch((caught: unknown) => caught as PluginConfigError);
    expect(error).toBeInstanceOf(PluginConfigError);
    expect((error as PluginConfigError).message).toMatch(/^Amazon Redshift stopped the query after 0\.5 seconds \(statementTimeoutSeconds\)/);
    await waitUntilReleased(admin);
  });

  test('aborting a read cancels it on the server and releases the connection', async () => {
    const controller = new AbortController();
    const batches = redshiftSource
      .read(
        config,
        sql('SELECT g, pg_sleep(CASE WHEN g > 10 THEN 30 ELSE 0 END) FROM generate_series(1, 100) AS g'),
        { batchSize: 10 },
        ctx(controller.signal),
      )
      [Symbol.asyncIterator]();
    await batches.next();
    const stuck = batches.next();
    await new Promise((resolve) => setTimeout(resolve, 150));
    controller.abort();
    await expect(stuck).rejects.toMatchObject({ name: 'AbortError' });
    await waitUntilReleased(admin);
  });

  test('tables() lists readable tables and views by schema and name, with a case-insensitive search', async () => {
    const all = await redshiftSource.tables!(config, { first: 100 }, ctx());
    expect(all).toEqual([
      { schema: 'public', name: 'events' },
      { schema: 'sales', name: 'Odd "Name"' },
      { schema: 'sales', name: 'big_orders' },
    ]);
    expect(await redshiftSource.tables!(config, { search: 'SALES.BIG', first: 10 }, ctx())).toEqual([{ schema: 'sales', name: 'big_orders' }]);
    expect(await redshiftSource.tables!(config, { search: '%', first: 10 }, ctx())).toEqual([]);
    const odd = { kind: 'table' as const, table: { schema: 'sales', name: 'Odd "Name"' } };
    expect(redshiftSource.tableSql!(odd.table)).toBe('SELECT * FROM "sales"."Odd ""Name"""');
    expect(await readAll(redshiftSource.read(config, odd, { batchSize: 5 }, ctx()))).toEqual([[{ n: 1 }]]);
    await waitUntilReleased(admin);
  });
});

import assert from 'node:assert/strict';
import { afterAll, beforeAll, describe, test } from '@jest/globals';
import type { Client } from 'pg';
import { PluginConfigError, type Row } from '../../../src/plugins/contract';
import { postgresSource } from '../../../src/plugins/sources/postgres';
import type { PostgresConfig } from '../../../src/plugins/sources/postgres/config';
import { pluginContext } from '../../helpers/plugin-context';
import { otherBackends, postgresFixture, readAll, waitUntilReleased } from './postgres-fixture';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('postgres source: read()', () => {
  let config: PostgresConfig;
  let admin: Client;

  beforeAll(async () => {
    ({ config, admin } = await postgresFixture());
    await admin.query(`
      CREATE TABLE audit (id serial PRIMARY KEY);
      CREATE FUNCTION write_audit() RETURNS int LANGUAGE sql AS 'INSERT INTO audit DEFAULT VALUES RETURNING id';`);
  });
  afterAll(() => admin.end());

  const read = (sql: string, batchSize: number, overrides: Partial<PostgresConfig> = {}, signal?: AbortSignal) =>
    postgresSource.read({ ...config, ...overrides }, { kind: 'sql', sql }, { batchSize }, pluginContext(signal ? { signal } : {}));

  async function readFailure(sql: string, overrides: Partial<PostgresConfig> = {}): Promise<PluginConfigError> {
    const error = await readAll(read(sql, 100, overrides)).then(
      () => assert.fail('read() succeeded'),
      (caught: unknown) => caught,
    );
    assert.ok(error instanceof PluginConfigError, `expected a PluginConfigError, got ${String(error)}`);
    await waitUntilReleased(admin);
    return error;
  }

  test('yields batches of the given size, every row once, in order, then releases the connection', async () => {
    const batches = await readAll(read(`SELECT g AS id, 'row ' || g AS label FROM generate_series(1, 10050) AS g ORDER BY g;`, 1000));
    assert.deepEqual(
      batches.map((batch) => batch.length),
      [...Array(10).fill(1000), 50],
    );
    const ids = batches.flat().map((row) => row.id);
    assert.deepEqual(
      ids,
      Array.from({ length: 10050 }, (_, index) => index + 1),
    );
    assert.deepEqual(batches[10][49], { id: 10050, label: 'row 10050' });
    await waitUntilReleased(admin);
  });

  test('streams from a server-side cursor: the first batch of a billion rows arrives at once, fetched with FETCH', async () => {
    // A set-returning function in the select list streams (in FROM it would be materialized first).
    const started = Date.now();
    const batches = read('SELECT generate_series(1, 1000000000) AS g', 500)[Symbol.asyncIterator]();
    const first = await batches.next();
    assert.ok(Date.now() - started < 2000, `first batch after ${Date.now() - started} ms`);
    assert.equal((first.value as Row[]).length, 500);
    const [reader] = await otherBackends(admin);
    assert.equal(reader.state, 'idle in transaction');
    assert.equal(reader.query, 'SET LOCAL statement_timeout = 900000; FETCH FORWARD 500 FROM ferry_model_rows');
    await batches.return?.(undefined);
    await waitUntilReleased(admin);
  });

  test('runs in a READ ONLY transaction: a write in the SQL fails with the read-only error and changes nothing', async () => {
    const viaFunction = await readFailure('SELECT write_audit() AS id');
    assert.match(viaFunction.message, /^cannot execute INSERT in a read-only transaction: a model's SQL may only read/);
    assert.equal(viaFunction.extensions.sqlState, '25006');
    const viaCte = await readFailure('WITH written AS (INSERT INTO audit DEFAULT VALUES RETURNING id) SELECT id FROM written');
    assert.match(viaCte.message, /data-modifying statements.*: a model's SQL may only read/);
    const { rows } = await admin.query('SELECT count(*)::int AS n FROM audit');
    assert.equal(rows[0].n, 0);
  });

  test('a query longer than statementTimeoutSeconds fails with a message naming the setting', async () => {
    const started = Date.now();
    const error = await readFailure('SELECT pg_sleep(5) AS pause', { statementTimeoutSeconds: 1 });
    assert.ok(Date.now() - started < 3000, `failed after ${Date.now() - started} ms`);
    assert.match(
      error.message,
      /^PostgreSQL stopped the query after 1 seconds \(statementTimeoutSeconds\): make the SQL faster, or raise statementTimeoutSeconds/,
    );
  });

  test('the statement timeout bounds each fetch, not the time the consumer spends between batches', async () => {
    const seen: Row[] = [];
    for await (const batch of read('SELECT g FROM generate_series(1, 3) AS g', 1, { statementTimeoutSeconds: 0.3 })) {
      seen.push(...batch);
      await sleep(400);
    }
    assert.deepEqual(seen, [{ g: 1 }, { g: 2 }, { g: 3 }]);
  });

  test("an error in the middle of the rows is PostgreSQL's message", async () => {
    const error = await readFailure('SELECT 10 / (3 - g) AS ratio FROM generate_series(1, 5) AS g');
    assert.match(error.message, /^division by zero/);
  });

  test('aborting during a fetch cancels the query on the server, throws AbortError promptly and releases the connection', async () => {
    // 100 rows at once, then each further row sleeps 30 s.
    const sql = 'SELECT g FROM generate_series(1, 1000) AS g, LATERAL pg_sleep(CASE WHEN g > 100 THEN 30 ELSE 0 END) AS pause';
    const controller = new AbortController();
    const batches = read(sql, 100, {}, controller.signal)[Symbol.asyncIterator]();
    assert.equal(((await batches.next()).value as Row[]).length, 100);
    const stuck = batches.next();
    await sleep(150);
    const [running] = await otherBackends(admin);
    assert.equal(running.state, 'active', 'the second FETCH is running');
    const aborted = Date.now();
    controller.abort();
    await assert.rejects(stuck, { name: 'AbortError' });
    assert.ok(Date.now() - aborted < 1500, `stopped after ${Date.now() - aborted} ms`);
    await waitUntilReleased(admin);
    assert.deepEqual(await batches.next(), { done: true, value: undefined });
  });

  test('aborting while the consumer holds a batch closes the connection at once; the next call throws AbortError', async () => {
    const controller = new AbortController();
    const batches = read('SELECT g FROM generate_series(1, 1000) AS g', 10, {}, controller.signal)[Symbol.asyncIterator]();
    await batches.next();
    assert.equal((await otherBackends(admin)).length, 1);
    controller.abort();
    await waitUntilReleased(admin);
    await assert.rejects(batches.next(), { name: 'AbortError' });
  });

  test('an already aborted signal throws before connecting', async () => {
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(readAll(read('SELECT 1 AS one', 10, {}, controller.signal)), { name: 'AbortError' });
  });

  test('preview: columns() then the first batch of read(limit + 1) gives the rows, and no connection is left open', async () => {
    const sql = 'SELECT g AS n, g * 2 AS double FROM generate_series(1, 1000) AS g ORDER BY g;';
    const limit = 5;
    const columns = await postgresSource.columns(config, { kind: 'sql', sql }, pluginContext());
    let rows: Row[] = [];
    for await (const batch of postgresSource.read(config, { kind: 'sql', sql }, { batchSize: limit + 1 }, pluginContext())) {
      rows = batch;
      break;
    }
    assert.deepEqual(columns, [
      { name: 'n', type: 'int4' },
      { name: 'double', type: 'int4' },
    ]);
    assert.equal(rows.length, limit + 1, 'one more than the limit tells the caller there is more');
    assert.deepEqual(
      rows.slice(0, limit),
      [1, 2, 3, 4, 5].map((n) => ({ n, double: n * 2 })),
    );
    await waitUntilReleased(admin);
  });

  test('empty SQL is refused', async () => {
    await assert.rejects(readAll(read(' ; ', 10)), (error: unknown) => error instanceof PluginConfigError && /The SQL is empty/.test(error.message));
  });
});

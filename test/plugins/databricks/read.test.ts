import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { ConnectionError, PluginConfigError } from '../../../src/plugins/contract';
import { databricksSource } from '../../../src/plugins/sources/databricks';
import type { DatabricksConfig } from '../../../src/plugins/sources/databricks/config';
import type { FakeDatabricks } from '../../fakes/databricks';
import { pluginContext } from '../../helpers/plugin-context';
import { databricksFixture, readAll } from './databricks-fixture';

const sql = (text: string) => ({ kind: 'sql' as const, sql: text });

describe('databricks read()', () => {
  let fake: FakeDatabricks;
  let config: DatabricksConfig;
  beforeAll(async () => {
    ({ fake, config } = await databricksFixture({ chunkRows: 4 }));
    fake.addTable({
      name: 'every_type',
      columns: [
        { name: 'big', type: 'BIGINT' },
        { name: 'dec', type: 'DECIMAL(38,2)' },
        { name: 'i', type: 'INT' },
        { name: 's', type: 'SMALLINT' },
        { name: 't', type: 'TINYINT' },
        { name: 'f', type: 'FLOAT' },
        { name: 'd', type: 'DOUBLE' },
        { name: 'b', type: 'BOOLEAN' },
        { name: 'str', type: 'STRING' },
        { name: 'day', type: 'DATE' },
        { name: 'ts', type: 'TIMESTAMP' },
        { name: 'ntz', type: 'TIMESTAMP_NTZ' },
        { name: 'bin', type: 'BINARY' },
        { name: 'arr', type: 'ARRAY<STRING>' },
        { name: 'm', type: 'MAP<STRING,INT>' },
        { name: 'st', type: 'STRUCT<a:INT,b:STRING>' },
        { name: 'iv', type: 'INTERVAL DAY TO SECOND' },
      ],
      rows: [
        [
          '9223372036854775807',
          '12345678901234567890123456789012345.67',
          2147483647,
          -32768,
          127,
          1.5,
          0.1,
          true,
          'héllo',
          '2024-02-29',
          '2024-03-01T10:20:30.123Z',
          '2024-03-01T10:20:30.123456',
          Buffer.from([0, 1, 254]),
          ['a', 'b'],
          { k: 1 },
          { a: 1, b: 'x' },
          '1 02:03:04.000000000',
        ],
        [null, null, null, null, null, null, null, false, null, null, null, null, null, null, null, null, null],
      ],
    });
    fake.addTable({
      name: 'people',
      columns: [
        { name: 'id', type: 'INT' },
        { name: 'email', type: 'STRING' },
      ],
      rows: Array.from({ length: 10 }, (_, i) => [i + 1, `p${i + 1}@example.com`]),
    });
  });
  afterAll(() => fake.close());

  test('values come in the contract forms, by the manifest types', async () => {
    const [[row, nulls]] = await readAll(databricksSource.read(config, sql('SELECT * FROM every_type'), { batchSize: 10 }, pluginContext()));
    expect(row).toEqual({
      big: '9223372036854775807',
      dec: '12345678901234567890123456789012345.67',
      i: 2147483647,
      s: -32768,
      t: 127,
      f: 1.5,
      d: 0.1,
      b: true,
      str: 'héllo',
      day: '2024-02-29',
      ts: new Date('2024-03-01T10:20:30.123Z'),
      ntz: '2024-03-01T10:20:30.123456',
      bin: Buffer.from([0, 1, 254]).toString('base64'),
      arr: ['a', 'b'],
      m: { k: 1 },
      st: { a: 1, b: 'x' },
      iv: '1 02:03:04.000000000',
    });
    expect(Object.values(nulls).filter((v) => v !== null)).toEqual([false]);
  });

  test('rows stream in batches across chunks; chunks come from presigned links fetched without the token', async () => {
    fake.requests.length = 0;
    const batches = await readAll(
      databricksSource.read(config, { kind: 'table', table: { schema: 'default', name: 'people' } }, { batchSize: 3 }, pluginContext()),
    );
    expect(batches.map((b) => b.length)).toEqual([3, 3, 3, 1]);
    expect(batches.flat().map((r) => r.id)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    const storage = fake.requests.filter((r) => r.path.startsWith('/fake-storage/'));
    expect(storage).toHaveLength(3); // 10 rows in chunks of 4
    expect(storage.every((r) => !r.authorized && r.status === 200)).toBe(true);
    expect(fake.requests.filter((r) => /\/result\/chunks\/\d+$/.test(r.path)).map((r) => r.path.split('/').pop())).toEqual(['1', '2']);
  });

  test('a link already expired when it arrives is renewed through the chunk endpoint, never downloaded', async () => {
    fake.requests.length = 0;
    fake.faults.staleLinks = 1;
    const batches = await readAll(databricksSource.read(config, sql('SELECT id FROM people LIMIT 2'), { batchSize: 10 }, pluginContext()));
    expect(batches).toEqual([[{ id: 1 }, { id: 2 }]]);
    expect(fake.requests.filter((r) => r.path.endsWith('/result/chunks/0'))).toHaveLength(1);
    expect(fake.requests.filter((r) => r.path.startsWith('/fake-storage/')).map((r) => r.status)).toEqual([200]);
  });

  test('a link the storage refuses as expired (403) is renewed and the read goes on', async () => {
    fake.requests.length = 0;
    fake.faults.refusedDownloads = 2;
    const batches = await readAll(databricksSource.read(config, sql('SELECT id FROM people'), { batchSize: 10 }, pluginContext()));
    expect(batches.flat()).toHaveLength(10);
    expect(fake.requests.filter((r) => r.path.startsWith('/fake-storage/')).map((r) => r.status)).toEqual([403, 403, 200, 200, 200]);
    expect(fake.requests.filter((r) => r.path.endsWith('/result/chunks/0'))).toHaveLength(2);
  });

  test('a link that keeps expiring fails the read with a message, after three tries', async () => {
    fake.faults.refusedDownloads = 10;
    const error = await readAll(databricksSource.read(config, sql('SELECT id FROM people'), { batchSize: 10 }, pluginContext())).catch(
      (e: unknown) => e,
    );
    fake.faults.refusedDownloads = 0;
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as Error).message).toMatch(/link to result chunk 0 kept expiring.*check this machine's clock/);
  });

  test('a slow consumer: each next link is asked for when needed, so a short link lifetime does not matter', async () => {
    const slowConsumer = await databricksFixture({ chunkRows: 2, linkTtlMs: 300 });
    try {
      slowConsumer.fake.addTable({ name: 'few', columns: [{ name: 'n', type: 'INT' }], rows: [[1], [2], [3], [4]] });
      const seen: unknown[] = [];
      for await (const batch of databricksSource.read(slowConsumer.config, sql('SELECT n FROM few'), { batchSize: 2 }, pluginContext())) {
        seen.push(...batch.map((r) => r.n));
        await new Promise((resolve) => setTimeout(resolve, 400)); // longer than a link lives
      }
      expect(seen).toEqual([1, 2, 3, 4]);
      expect(slowConsumer.fake.requests.filter((r) => r.path.startsWith('/fake-storage/')).map((r) => r.status)).toEqual([200, 200]);
    } finally {
      await slowConsumer.fake.close();
    }
  });

  test('a statement still PENDING (warehouse starting) is polled until it succeeds', async () => {
    const starting = await databricksFixture({ warehouseStartMs: 600 });
    try {
      const batches = await readAll(databricksSource.read(starting.config, sql('SELECT * FROM range(3)'), { batchSize: 10 }, pluginContext()));
      expect(batches).toEqual([[{ id: '0' }, { id: '1' }, { id: '2' }]]);
      expect(starting.fake.requests.filter((r) => r.method === 'GET' && /statements\/[^/]+$/.test(r.path)).length).toBeGreaterThan(1);
    } finally {
      await starting.fake.close();
    }
  });

  test('abort cancels the running statement on the warehouse and throws the reason', async () => {
    const controller = new AbortController();
    const reading = readAll(
      databricksSource.read(config, sql('SELECT * FROM fake_sleep(30)'), { batchSize: 10 }, pluginContext({ signal: controller.signal })),
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(fake.runningStatements()).toBe(1);
    controller.abort(new Error('run cancelled'));
    await expect(reading).rejects.toThrow('run cancelled');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(fake.runningStatements()).toBe(0);
    expect(fake.requests.some((r) => r.path.endsWith('/cancel'))).toBe(true);
  });

  test('abort between chunks throws the reason at the next batch, and downloads nothing more', async () => {
    const controller = new AbortController();
    const iterator = databricksSource
      .read(config, sql('SELECT id FROM people'), { batchSize: 4 }, pluginContext({ signal: controller.signal }))
      [Symbol.asyncIterator]();
    expect((await iterator.next()).value).toHaveLength(4);
    fake.requests.length = 0;
    controller.abort(new Error('run cancelled'));
    await expect(iterator.next()).rejects.toThrow('run cancelled');
    expect(fake.requests.filter((r) => r.path.startsWith('/fake-storage/'))).toEqual([]);
  });

  test('a statement past statementTimeoutSeconds is cancelled with a message naming the setting', async () => {
    const reading = readAll(
      databricksSource.read({ ...config, statementTimeoutSeconds: 0.5 }, sql('SELECT * FROM fake_sleep(30)'), { batchSize: 10 }, pluginContext()),
    );
    await expect(reading).rejects.toThrow(/did not finish within 0.5 seconds \(statementTimeoutSeconds\)/);
    expect(fake.runningStatements()).toBe(0);
  });

  test('a warehouse that never starts fails as a connection problem', async () => {
    const stopped = await databricksFixture({ warehouseStartMs: 60_000 }, { statementTimeoutSeconds: 0.4 });
    try {
      const error = await databricksSource.test(stopped.config, pluginContext()).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ConnectionError);
      expect((error as Error).message).toMatch(/did not start within 0.4 seconds/);
      expect(stopped.fake.runningStatements()).toBe(0);
    } finally {
      await stopped.fake.close();
    }
  });

  test.each([
    ['SELECT * FROM missing_table', /\[TABLE_OR_VIEW_NOT_FOUND\].*`missing_table`.*Fix: check the table name/s],
    ['SELECT * FORM people', /\[PARSE_SYNTAX_ERROR\] Syntax error at or near 'FORM'.*Fix: fix the SQL/s],
    ['SELECT nope FROM people', /\[UNRESOLVED_COLUMN.WITH_SUGGESTION\].*`nope`/s],
    ["SELECT raise_error('boom')", /\[USER_RAISED_EXCEPTION\] boom/],
  ])('%s fails with Databricks’ message as BAD_USER_INPUT', async (text, message) => {
    const error = await readAll(databricksSource.read(config, sql(text), { batchSize: 10 }, pluginContext())).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PluginConfigError);
    expect((error as Error).message).toMatch(message);
  });

  test('an empty result yields no batch', async () => {
    fake.addTable({ name: 'empty', columns: [{ name: 'x', type: 'INT' }], rows: [] });
    expect(await readAll(databricksSource.read(config, sql('SELECT * FROM empty;  '), { batchSize: 10 }, pluginContext()))).toEqual([]);
  });
});

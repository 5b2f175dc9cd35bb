import { describe, expect, test } from '@jest/globals';
import { ConnectionError, PluginConfigError, type Row } from '../../../src/plugins/contract';
import { snowflakeSource } from '../../../src/plugins/sources/snowflake';
import type { SnowflakeConfig } from '../../../src/plugins/sources/snowflake/config';
import { rsaKeyPair } from '../../fakes/snowflake';
import { context, readAll, rejection, useFakeSnowflake } from './fake-source';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const generated = (rows: number) => `SELECT SEQ8() AS N, 'row ' || SEQ8() AS LABEL FROM TABLE(GENERATOR(ROWCOUNT => ${rows}))`;

describe('snowflake source: read()', () => {
  const sf = useFakeSnowflake({ syncWindowMs: 200, firstPartitionRows: 10, partitionRows: 7 });
  const read = (sql: string, batchSize: number, config: SnowflakeConfig = sf.config, signal?: AbortSignal) =>
    snowflakeSource.read(config, { kind: 'sql', sql }, { batchSize }, context(signal));
  const since = (mark: number) => sf.fake.server.requests.slice(mark);
  const partitionGets = (mark: number) => since(mark).filter((r) => r.method === 'GET' && r.path.includes('partition='));

  test('yields batches of batchSize across partition boundaries, every row once and in order, one partition request at a time', async () => {
    const mark = sf.fake.server.requests.length;
    const batches = await readAll(read(generated(30), 4));
    expect(batches.map((b) => b.length)).toEqual([4, 4, 4, 4, 4, 4, 4, 2]);
    expect(batches.flat().map((row) => row.N)).toEqual(Array.from({ length: 30 }, (_, i) => String(i)));
    expect(batches[7][1]).toEqual({ N: '29', LABEL: 'row 29' });
    // 30 rows = 10 + 7 + 7 + 6: partitions 1, 2, 3 fetched in order, each once, gzip accepted.
    const gets = partitionGets(mark);
    expect(gets.map((r) => new URL(r.path, 'http://x').searchParams.get('partition'))).toEqual(['1', '2', '3']);
    expect(gets.every((r) => r.status === 200 && /gzip/.test(r.acceptEncoding ?? ''))).toBe(true);
    expect(since(mark).every((r) => r.userAgent === 'ferry/0.1.0')).toBe(true);
  });

  test('a partition is fetched only when the consumer reads past the previous one; leaving early fetches no more', async () => {
    const mark = sf.fake.server.requests.length;
    const batches = read(generated(1000), 5)[Symbol.asyncIterator]();
    await batches.next();
    await batches.next();
    expect(partitionGets(mark)).toHaveLength(0);
    await batches.next();
    expect(partitionGets(mark)).toHaveLength(1);
    await batches.return?.(undefined);
    await sleep(50);
    expect(partitionGets(mark)).toHaveLength(1);
  });

  test('an exact multiple of batchSize ends without an empty batch; no rows yields nothing', async () => {
    expect((await readAll(read(generated(20), 10))).map((b) => b.length)).toEqual([10, 10]);
    expect(await readAll(read(generated(0), 10))).toEqual([]);
  });

  test('the query is described first, then submitted (async=true: the handle at once) and polled while Snowflake answers 202', async () => {
    const mark = sf.fake.server.requests.length;
    const batches = await readAll(read('SELECT SYSTEM$WAIT(1) AS W', 10));
    expect(batches).toEqual([[{ W: 'waited 1 seconds' }]]);
    const posts = since(mark).filter((r) => r.method === 'POST');
    expect(posts.map((r) => r.body?.statement)).toEqual(['SELECT * FROM (\nSELECT SYSTEM$WAIT(1) AS W\n) LIMIT 0', 'SELECT SYSTEM$WAIT(1) AS W']);
    expect(posts[1].path).toMatch(/[?&]async=true/);
    expect(posts[1].body).toMatchObject({
      warehouse: 'COMPUTE_WH',
      database: 'ANALYTICS',
      schema: 'PUBLIC',
      role: 'FERRY_READER',
      timeout: 900,
      resultSetMetaData: { format: 'jsonv2' },
    });
    expect(posts[0].path).toMatch(/[?&]async=true/);
    const afterSubmit = since(mark).slice(since(mark).indexOf(posts[1]));
    const polls = afterSubmit.filter((r) => r.method === 'GET' && !r.path.includes('partition='));
    expect(polls.length).toBeGreaterThanOrEqual(2);
    expect(polls.slice(0, -1).every((r) => r.status === 202)).toBe(true);
    expect(polls[polls.length - 1].status).toBe(200);
  });

  test('an abort while the query runs cancels it on Snowflake (POST …/cancel) and throws the abort reason at once', async () => {
    const controller = new AbortController();
    const mark = sf.fake.server.requests.length;
    const started = Date.now();
    const reading = readAll(read('SELECT SYSTEM$WAIT(30) AS W', 10, sf.config, controller.signal));
    await sleep(400);
    expect(sf.fake.runningStatements()).toBe(1);
    const reason = new Error('run cancelled');
    controller.abort(reason);
    expect(await rejection(reading)).toBe(reason);
    expect(Date.now() - started).toBeLessThan(2000);
    const cancels = since(mark).filter((r) => r.method === 'POST' && r.path.endsWith('/cancel'));
    expect(cancels).toHaveLength(1);
    expect(cancels[0].status).toBe(200);
    expect(sf.fake.runningStatements()).toBe(0);
  });

  test('a query longer than statementTimeoutSeconds fails with a message naming the setting', async () => {
    const error = await rejection(readAll(read('SELECT SYSTEM$WAIT(5) AS W', 10, sf.configWith({ statementTimeoutSeconds: 1 }))));
    expect(error).toBeInstanceOf(PluginConfigError);
    expect(error.message).toMatch(/^Snowflake stopped the query after 1 seconds \(statementTimeoutSeconds\): make the SQL faster/);
    expect(error.extensions).toMatchObject({ snowflakeCode: '000630', sqlState: '57014' });
  });

  test('only one query ever runs: DML and several statements are refused by the describe, before anything executes', async () => {
    const mark = sf.fake.server.requests.length;
    const dml = await rejection(readAll(read('DELETE FROM PEOPLE', 10)));
    expect(dml).toBeInstanceOf(PluginConfigError);
    expect(dml.message).toMatch(/syntax error line 1 at position 0 unexpected 'DELETE'/);
    const several = await rejection(readAll(read('SELECT 1 AS A; SELECT 2 AS B', 10)));
    expect(several.message).toBe(
      'Actual statement count 2 did not match the desired statement count 1: a model is one query; remove the other statements',
    );
    const statements = since(mark).flatMap((r) => (r.body ? [r.body.statement] : []));
    expect(statements.every((s) => String(s).startsWith('SELECT * FROM (\n'))).toBe(true);
  });

  test('busy answers are retried: 429 with Retry-After on the submit (same requestId, retry=true), 503 on a partition', async () => {
    const mark = sf.fake.server.requests.length;
    sf.fake.server.faults.push({
      method: 'POST',
      pathPrefix: '/api/v2/statements',
      times: 1,
      reply: { status: 429, body: { message: 'Too many requests' }, headers: { 'retry-after': '1' } },
    });
    sf.fake.server.faults.push({ method: 'GET', times: 1, reply: { status: 503, body: { message: 'Service Unavailable' } } });
    const started = Date.now();
    const rows = (await readAll(read(generated(12), 100))).flat();
    expect(rows).toHaveLength(12);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    const posts = since(mark).filter((r) => r.method === 'POST');
    expect(posts[0].status).toBe(429);
    expect(new URL(posts[1].path, 'http://x').searchParams.get('requestId')).toBe(new URL(posts[0].path, 'http://x').searchParams.get('requestId'));
    expect(posts[1].path).toMatch(/retry=true/);
    expect(since(mark).filter((r) => r.status === 503)).toHaveLength(1);
  });

  test('a connection lost on the submit is retried with the same requestId: the statement runs once', async () => {
    const before = sf.fake.server.statements.byHandle.size;
    sf.fake.server.faults.push({ method: 'POST', pathPrefix: '/api/v2/statements', times: 1, reply: 'reset' });
    expect((await readAll(read(generated(3), 10))).flat()).toHaveLength(3);
    expect(sf.fake.server.statements.byHandle.size - before).toBe(2); // the describe and the query, once each
  });

  test('a key Snowflake does not know: ConnectionError with the fingerprint to compare with DESCRIBE USER', async () => {
    const stranger = rsaKeyPair().privateKey;
    const error = await rejection(readAll(read(generated(1), 10, sf.configWith({ privateKey: stranger }))));
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error.message).toMatch(
      /^Snowflake refused the key of user "ferry" on account "ferrytest" \(JWT token is invalid\): check account and user/,
    );
    expect(error.message).toMatch(/RSA_PUBLIC_KEY_FP = SHA256:[A-Za-z0-9+/=]{44}\)$/);
    expect(error.extensions).toMatchObject({ snowflakeCode: '390144', reason: 'authentication_failed' });
  });

  test('a suspended warehouse without auto-resume: ConnectionError saying how to resume it', async () => {
    sf.fake.state.addWarehouse('PAUSED_WH', { suspended: true, autoResume: false });
    sf.fake.state.grant('FERRY_READER', 'USAGE', 'WAREHOUSE', 'PAUSED_WH');
    const error = await rejection(readAll(read(generated(1), 10, sf.configWith({ warehouse: 'PAUSED_WH' }))));
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error.message).toMatch(/^Snowflake has no running warehouse for the query \(No active warehouse selected/);
    expect(error.message).toMatch(/check that warehouse "PAUSED_WH" exists.*GRANT USAGE ON WAREHOUSE PAUSED_WH.*ALTER WAREHOUSE PAUSED_WH RESUME/);
  });

  test('every type arrives in the contract form', async () => {
    sf.fake.state.addTable(
      'ANALYTICS',
      'PUBLIC',
      'ALL_TYPES',
      [
        { name: 'big', type: 'NUMBER(38,0)' },
        { name: 'small', type: 'NUMBER(9,0)' },
        { name: 'price', type: 'NUMBER(12,2)' },
        { name: 'ratio', type: 'FLOAT' },
        { name: 'name', type: 'TEXT' },
        { name: 'ok', type: 'BOOLEAN' },
        { name: 'day', type: 'DATE' },
        { name: 'clock', type: 'TIME' },
        { name: 'wall', type: 'TIMESTAMP_NTZ' },
        { name: 'local', type: 'TIMESTAMP_LTZ' },
        { name: 'zoned', type: 'TIMESTAMP_TZ' },
        { name: 'doc', type: 'VARIANT' },
        { name: 'obj', type: 'OBJECT' },
        { name: 'list', type: 'ARRAY' },
        { name: 'raw', type: 'BINARY' },
      ],
      [
        [
          '9223372036854775807',
          12,
          '1234.5',
          0.5,
          'Zoë',
          true,
          '2024-02-29',
          '08:30:00.25',
          '2024-01-02T03:04:05.678901',
          new Date('2024-01-02T03:04:05.678Z'),
          { at: new Date('2024-06-01T12:00:00Z'), offsetMinutes: 120 },
          { plan: 'pro', seats: [1, 2] },
          { a: 1 },
          ['x', 'y'],
          Buffer.from('hello'),
        ],
        [null, null, null, null, null, null, null, null, null, null, null, null, null, null, null],
      ],
    );
    const [rows] = await readAll(
      snowflakeSource.read(sf.config, { kind: 'table', table: { schema: 'PUBLIC', name: 'ALL_TYPES' } }, { batchSize: 10 }, context()),
    );
    expect(rows[0]).toEqual({
      big: '9223372036854775807',
      small: 12,
      price: '1234.50',
      ratio: 0.5,
      name: 'Zoë',
      ok: true,
      day: '2024-02-29',
      clock: '08:30:00.25',
      wall: '2024-01-02T03:04:05.678901',
      local: new Date('2024-01-02T03:04:05.678Z'),
      zoned: new Date('2024-06-01T12:00:00Z'),
      doc: { plan: 'pro', seats: [1, 2] },
      obj: { a: 1 },
      list: ['x', 'y'],
      raw: Buffer.from('hello').toString('base64'),
    } satisfies Row);
    expect(Object.values(rows[1]).every((value) => value === null)).toBe(true);
  });

  test('batchSize must be a whole number above 0', async () => {
    await expect(readAll(read(generated(1), 0))).rejects.toThrow(RangeError);
  });
});

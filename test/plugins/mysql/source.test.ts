import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { createServer, type Server, type Socket } from 'node:net';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { ConnectionError, PluginConfigError, type Row } from '../../../src/plugins/contract';
import { mysqlSource } from '../../../src/plugins/sources/mysql';
import type { MysqlConfig } from '../../../src/plugins/sources/mysql/config';
import type { MariaDbServer } from '../../helpers/mariadb-server';
import { pluginContext } from '../../helpers/plugin-context';
import { mysqlFixture, readAll, readerSessions, waitUntilReleased } from './mysql-fixture';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let server: MariaDbServer;
let config: MysqlConfig;

beforeAll(async () => {
  ({ server, config } = await mysqlFixture());
  await server.admin.query(`
    CREATE TABLE people (id INT PRIMARY KEY, email VARCHAR(100), visits BIGINT, balance DECIMAL(30, 9));
    INSERT INTO people VALUES (1, 'ada@example.com', 9007199254740993, 12345678901234567890.123456789), (2, 'bob@example.com', -1, 0.5);
    CREATE VIEW people_emails AS SELECT email FROM people;
    CREATE TABLE \`odd\`\`name\` (a INT);
    INSERT INTO \`odd\`\`name\` VALUES (7);
    CREATE TABLE audit (id INT AUTO_INCREMENT PRIMARY KEY);
    CREATE FUNCTION write_audit() RETURNS INT MODIFIES SQL DATA SQL SECURITY DEFINER BEGIN INSERT INTO audit VALUES (); RETURN LAST_INSERT_ID(); END;
    GRANT EXECUTE ON FUNCTION ferry.write_audit TO 'ferry_reader'@'%';
    CREATE USER 'ferry_wide'@'%' IDENTIFIED BY 'wide-Pa55';
    GRANT SELECT ON *.* TO 'ferry_wide'@'%';`);
}, 60_000);
afterAll(() => server?.stop());

const ctx = (signal?: AbortSignal) => pluginContext(signal ? { signal } : {});
const sql = (text: string) => ({ kind: 'sql' as const, sql: text });
const read = (text: string, batchSize: number, overrides: Partial<MysqlConfig> = {}, signal?: AbortSignal) =>
  mysqlSource.read({ ...config, ...overrides }, sql(text), { batchSize }, ctx(signal));

async function failure(promise: Promise<unknown>): Promise<Error & { extensions: Record<string, unknown> }> {
  const error = await promise.then(
    () => {
      throw new Error('expected a failure');
    },
    (caught: unknown) => caught,
  );
  return error as Error & { extensions: Record<string, unknown> };
}

describe('mysql source: test()', () => {
  test('passes with the read-only user', async () => {
    await expect(mysqlSource.test(config, ctx())).resolves.toBeUndefined();
    await waitUntilReleased(server);
  });

  test("a wrong password: the server's refusal (1045), naming the user and what to check", async () => {
    const error = await failure(mysqlSource.test({ ...config, password: 'wrong' }, ctx()));
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error.message).toMatch(
      /^MySQL at 127\.0\.0\.1:\d+ refused the login of user "ferry_reader" \(Access denied.*\): check the user and password/,
    );
    expect(error.message).not.toContain('wrong');
    expect(error.extensions).toMatchObject({ code: 'CONNECTION_FAILED', reason: 'authentication_failed', errno: 1045 });
  });

  test('an unknown database, for a user who may see every database: 1049', async () => {
    const error = await failure(mysqlSource.test({ ...config, user: 'ferry_wide', password: 'wide-Pa55', database: 'nope' }, ctx()));
    expect(error.message).toMatch(/^Database "nope" does not exist on 127\.0\.0\.1:\d+: check the database name/);
    expect(error.extensions).toMatchObject({ reason: 'database_not_found', errno: 1049 });
  });

  test('an unknown database, for a user limited to one database: 1044, naming both causes', async () => {
    const error = await failure(mysqlSource.test({ ...config, database: 'nope' }, ctx()));
    expect(error.message).toMatch(
      /^User "ferry_reader" may not use database "nope" .*check the database name .* or grant the user SELECT on nope\.\*/,
    );
    expect(error.extensions).toMatchObject({ reason: 'database_access_denied', errno: 1044 });
  });

  test('an unreachable port: connection refused', async () => {
    const error = await failure(mysqlSource.test({ ...config, port: 1 }, ctx()));
    expect(error.extensions).toMatchObject({ reason: 'connection_refused' });
    expect(error.message).toMatch(/^Could not connect to 127\.0\.0\.1:1: connection refused/);
  });

  test('ssl on against a server without TLS: says so and how to fix it', async () => {
    const error = await failure(mysqlSource.test({ ...config, ssl: true }, ctx()));
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error.extensions).toMatchObject({ reason: 'ssl_not_supported' });
    expect(error.message).toMatch(/does not accept TLS connections: turn ssl off, or enable TLS on the server/);
  });

  test('a server that never answers: timeout after connectTimeoutSeconds, naming the setting', async () => {
    const sockets: Socket[] = [];
    const silent: Server = createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const port = (silent.address() as { port: number }).port;
      const started = Date.now();
      const error = await failure(mysqlSource.test({ ...config, port, connectTimeoutSeconds: 0.3 }, ctx()));
      expect(Date.now() - started).toBeLessThan(2000);
      expect(error.extensions).toMatchObject({ reason: 'timeout' });
      expect(error.message).toMatch(/within 0\.3 seconds: .*raise connectTimeoutSeconds/);
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });
});

describe('mysql source: columns()', () => {
  test('names each column with its MySQL type', async () => {
    await server.admin.query(`CREATE TABLE typed (
      a TINYINT(1), b BIT(1), c BIGINT UNSIGNED, d DECIMAL(10,2), e JSON, f DATE, g DATETIME(6), h TIMESTAMP NULL,
      i VARBINARY(8), j TEXT, k ENUM('x','y'), l DOUBLE, m CHAR(2), n BLOB, o TIME, p YEAR)`);
    expect(await mysqlSource.columns(config, sql('SELECT * FROM typed'), ctx())).toEqual(
      [
        ['a', 'tinyint(1)'],
        ['b', 'bit(1)'],
        ['c', 'bigint unsigned'],
        ['d', 'decimal'],
        ['e', 'json'],
        ['f', 'date'],
        ['g', 'datetime'],
        ['h', 'timestamp'],
        ['i', 'varbinary'],
        ['j', 'text'],
        ['k', 'enum'],
        ['l', 'double'],
        ['m', 'char'],
        ['n', 'blob'],
        ['o', 'time'],
        ['p', 'year'],
      ].map(([name, type]) => ({ name, type })),
    );
    await waitUntilReleased(server);
  });

  test('reads no row and runs nothing: the statement is only prepared', async () => {
    const started = Date.now();
    // Executing it would sleep for thirty years, then fail on the first row (a subquery of two rows).
    const columns = await mysqlSource.columns(
      config,
      sql('SELECT seq, SLEEP(1) AS pause, (SELECT 1 UNION ALL SELECT 2) AS two FROM seq_1_to_1000000000'),
      ctx(),
    );
    expect(Date.now() - started).toBeLessThan(1000);
    expect(columns).toEqual([
      { name: 'seq', type: 'bigint unsigned' },
      { name: 'pause', type: 'int' },
      { name: 'two', type: 'int' },
    ]);
  });

  test("a syntax error (1064) and an unknown table (1146): the server's message, as bad input", async () => {
    const syntax = await failure(mysqlSource.columns(config, sql('SELECT email FORM people'), ctx()));
    expect(syntax).toBeInstanceOf(PluginConfigError);
    expect(syntax.message).toMatch(/^You have an error in your SQL syntax; .* near 'people' at line 1/);
    expect(syntax.extensions).toMatchObject({ code: 'BAD_USER_INPUT', errno: 1064 });
    const missing = await failure(mysqlSource.columns(config, sql('SELECT * FROM nowhere'), ctx()));
    expect(missing.message).toBe("Table 'ferry.nowhere' doesn't exist");
    expect(missing.extensions).toMatchObject({ errno: 1146 });
  });

  test('parameters, duplicate names, several statements and writes are refused', async () => {
    expect((await failure(mysqlSource.columns(config, sql('SELECT email FROM people WHERE id = ?'), ctx()))).message).toMatch(
      /uses 1 parameter\(s\) \(\?\): a model's SQL cannot take parameters/,
    );
    expect((await failure(mysqlSource.columns(config, sql('SELECT id, email AS id FROM people'), ctx()))).message).toMatch(
      /The column "id" appears more than once/,
    );
    expect((await failure(mysqlSource.columns(config, sql('SELECT 1; SELECT 2'), ctx()))).extensions).toMatchObject({ errno: 1064 });
    expect((await failure(mysqlSource.columns(config, sql('DELETE FROM people RETURNING id'), ctx()))).message).toMatch(/it starts with DELETE/);
    await waitUntilReleased(server);
  });
});

describe('mysql source: read()', () => {
  test('yields batches of the given size, every row once, in order, then releases the connection', async () => {
    const batches = await readAll(read('SELECT seq AS id, CONCAT("row ", seq) AS label FROM seq_1_to_10050 ORDER BY seq;', 1000));
    expect(batches.map((batch) => batch.length)).toEqual([...Array(10).fill(1000), 50]);
    // seq is BIGINT UNSIGNED: strings.
    expect(batches.flat().map((row) => row.id)).toEqual(Array.from({ length: 10050 }, (_, index) => String(index + 1)));
    expect(batches[10][49]).toEqual({ id: '10050', label: 'row 10050' });
    await waitUntilReleased(server);
  });

  test('an exact multiple of the batch size ends without an empty batch; no rows yields nothing', async () => {
    expect((await readAll(read('SELECT seq FROM seq_1_to_20', 10))).map((batch) => batch.length)).toEqual([10, 10]);
    expect(await readAll(read('SELECT seq FROM seq_1_to_20 WHERE seq > 100', 10))).toEqual([]);
  });

  test("values in the contract's forms", async () => {
    await server.admin.query(`CREATE TABLE valued (
      big BIGINT, ubig BIGINT UNSIGNED, money DECIMAL(30, 9), small SMALLINT, flag TINYINT(1), bit1 BIT(1), bit12 BIT(12),
      doc JSON, day DATE, wall DATETIME(6), instant TIMESTAMP(3) NULL, zero_day DATE, raw VARBINARY(4), body TEXT,
      pick ENUM('a', 'b'), picks SET('x', 'y'), clock TIME, yr YEAR, ratio DOUBLE);
      SET SESSION sql_mode = '';
      INSERT INTO valued VALUES (9007199254740993, 18446744073709551615, -12345678901234567890.123456789, -3, 1, b'1', b'101',
        '{"tags": ["a", "b"], "n": 1.5}', '2024-02-29', '2024-02-29 13:14:15.123456', '2024-02-29 13:14:15.123', '0000-00-00',
        x'00ff10', 'héllo', 'b', 'x,y', '-12:34:56', 2024, 0.25);
      INSERT INTO valued () VALUES ();`);
    const [[first, empty]] = await readAll(read('SELECT * FROM valued', 10));
    expect(first).toEqual({
      big: '9007199254740993',
      ubig: '18446744073709551615',
      money: '-12345678901234567890.123456789',
      small: -3,
      flag: 1,
      bit1: true,
      bit12: 5,
      doc: { tags: ['a', 'b'], n: 1.5 },
      day: '2024-02-29',
      wall: '2024-02-29T13:14:15.123456',
      instant: new Date('2024-02-29T13:14:15.123Z'),
      zero_day: null,
      raw: Buffer.from([0, 255, 16]).toString('base64'),
      body: 'héllo',
      pick: 'b',
      picks: 'x,y',
      clock: '-12:34:56',
      yr: 2024,
      ratio: 0.25,
    });
    expect(Object.values(empty).every((value) => value === null)).toBe(true);
  });

  test("TIMESTAMP is the stored instant whatever the server's time zone", async () => {
    await server.admin.query(
      `SET time_zone = '+05:00'; CREATE TABLE instants (at TIMESTAMP NULL); INSERT INTO instants VALUES ('2024-01-01 05:00:00'); SET time_zone = SYSTEM;`,
    );
    const [[row]] = await readAll(read('SELECT at FROM instants', 10));
    expect(row.at).toEqual(new Date('2024-01-01T00:00:00Z'));
  });

  test('streams with back-pressure: the first batch of a billion rows arrives at once, and the server waits while Ferry holds it', async () => {
    const started = Date.now();
    const batches = read('SELECT seq FROM seq_1_to_1000000000', 500)[Symbol.asyncIterator]();
    const first = await batches.next();
    expect(Date.now() - started).toBeLessThan(2000);
    expect(first.value).toHaveLength(500);
    await sleep(300);
    const [reader] = await readerSessions(server);
    expect(reader.info).toBe('SELECT seq FROM seq_1_to_1000000000');
    expect(reader.state).toMatch(/Sending data|Writing to net|Sending to client/i);
    const rss = process.memoryUsage().rss;
    await sleep(300);
    expect(process.memoryUsage().rss - rss).toBeLessThan(20 * 1024 * 1024);
    await batches.return?.(undefined);
    await waitUntilReleased(server);
  });

  test('holds no batch it has handed over: the heap stays flat over 300,000 rows', async () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    let read_ = 0;
    let early = 0;
    for await (const batch of read('SELECT seq, CONCAT("person", seq, "@example.com") AS email FROM seq_1_to_300000', 1000)) {
      read_ += batch.length;
      if (read_ === 10_000) {
        gc();
        early = process.memoryUsage().heapUsed;
      }
      if (read_ === 299_000) {
        gc();
        const grown = process.memoryUsage().heapUsed - early;
        expect(grown).toBeLessThan(10 * 1024 * 1024);
      }
    }
    expect(read_).toBe(300_000);
  }, 30_000);

  test('runs in a READ ONLY transaction: a write through a function fails with 1792 and changes nothing', async () => {
    const error = await failure(readAll(read('SELECT write_audit() AS id', 10)));
    expect(error).toBeInstanceOf(PluginConfigError);
    expect(error.message).toMatch(/READ ONLY transaction.*: a model's SQL may only read/);
    expect(error.extensions).toMatchObject({ errno: 1792 });
    const [rows] = await server.admin.query('SELECT COUNT(*) AS n FROM audit');
    expect((rows as Array<{ n: number }>)[0].n).toBe(0);
    await waitUntilReleased(server);
  });

  test('a batch later than statementTimeoutSeconds: the query is killed and the error names the setting', async () => {
    const started = Date.now();
    const error = await failure(readAll(read('SELECT SLEEP(5) AS pause', 10, { statementTimeoutSeconds: 0.5 })));
    expect(Date.now() - started).toBeLessThan(3000);
    expect(error.message).toMatch(/^MySQL sent no rows for 0\.5 seconds \(statementTimeoutSeconds\), so Ferry stopped the query/);
    await waitUntilReleased(server);
  });

  test('the time limit bounds each batch, not the time the consumer spends between batches', async () => {
    const seen: Row[] = [];
    for await (const batch of read('SELECT seq FROM seq_1_to_3', 1, { statementTimeoutSeconds: 0.3 })) {
      seen.push(...batch);
      await sleep(400);
    }
    // seq is BIGINT UNSIGNED: a string.
    expect(seen).toEqual([{ seq: '1' }, { seq: '2' }, { seq: '3' }]);
  });

  test("an error in the middle of the rows is the server's message", async () => {
    const error = await failure(readAll(read('SELECT seq, (SELECT 1 UNION ALL SELECT 2 FROM DUAL WHERE seq > 2) AS x FROM seq_1_to_5', 1)));
    expect(error.message).toBe('Subquery returns more than 1 row');
    expect(error.extensions).toMatchObject({ errno: 1242 });
  });

  test('aborting during a batch kills the query on the server, throws AbortError promptly and releases the connection', async () => {
    const controller = new AbortController();
    // Rows larger than the server's 16 KB network buffer leave it one by one: the first 100 arrive, then row 101 sleeps 30 s.
    const batches = read(
      'SELECT seq, REPEAT("x", 20000) AS pad, IF(seq > 100, SLEEP(30), 0) AS pause FROM seq_1_to_1000',
      100,
      {},
      controller.signal,
    )[Symbol.asyncIterator]();
    expect((await batches.next()).value).toHaveLength(100);
    const stuck = batches.next();
    await sleep(200);
    const [running] = await readerSessions(server);
    expect(running.state).toMatch(/User sleep/i);
    const aborted = Date.now();
    controller.abort();
    await expect(stuck).rejects.toMatchObject({ name: 'AbortError' });
    expect(Date.now() - aborted).toBeLessThan(1500);
    await waitUntilReleased(server);
    await expect(batches.next()).resolves.toEqual({ done: true, value: undefined });
  });

  test('aborting while the consumer holds a batch ends the session at once; the next call throws AbortError', async () => {
    const controller = new AbortController();
    const batches = read('SELECT seq FROM seq_1_to_100000', 10, {}, controller.signal)[Symbol.asyncIterator]();
    await batches.next();
    expect(await readerSessions(server)).toHaveLength(1);
    controller.abort();
    await waitUntilReleased(server);
    await expect(batches.next()).rejects.toMatchObject({ name: 'AbortError' });
  });

  test('leaving early with break kills the rest of the query and releases the connection', async () => {
    for await (const batch of read('SELECT seq FROM seq_1_to_100000000', 100)) {
      expect(batch).toHaveLength(100);
      break;
    }
    await waitUntilReleased(server);
  });

  test('preview: columns() then the first batch of read(limit + 1)', async () => {
    const text = 'SELECT id, email FROM people ORDER BY id';
    expect(await mysqlSource.columns(config, sql(text), ctx())).toEqual([
      { name: 'id', type: 'int' },
      { name: 'email', type: 'varchar' },
    ]);
    let rows: Row[] = [];
    for await (const batch of mysqlSource.read(config, sql(text), { batchSize: 2 }, ctx())) {
      rows = batch;
      break;
    }
    expect(rows).toEqual([
      { id: 1, email: 'ada@example.com' },
      { id: 2, email: 'bob@example.com' },
    ]);
    await waitUntilReleased(server);
  });
});

describe('mysql source: table models', () => {
  test("tables() lists the database's tables and views by name, searched case-insensitively, at most `first`", async () => {
    const all = await mysqlSource.tables!(config, { first: 100 }, ctx());
    expect(all).toEqual(
      expect.arrayContaining([
        { schema: 'ferry', name: 'people' },
        { schema: 'ferry', name: 'people_emails' },
        { schema: 'ferry', name: 'odd`name' },
      ]),
    );
    expect(all.map((table) => table.name)).toEqual([...all.map((table) => table.name)].sort());
    expect(await mysqlSource.tables!(config, { search: 'PEOPLE_', first: 10 }, ctx())).toEqual([{ schema: 'ferry', name: 'people_emails' }]);
    expect(await mysqlSource.tables!(config, { search: 'people', first: 1 }, ctx())).toHaveLength(1);
    expect(await mysqlSource.tables!(config, { search: '%', first: 10 }, ctx())).toEqual([]);
    await waitUntilReleased(server);
  });

  test('a table with a backtick in its name reads through the quoted statement', async () => {
    const table = { kind: 'table' as const, table: { schema: 'ferry', name: 'odd`name' } };
    expect(await mysqlSource.columns(config, table, ctx())).toEqual([{ name: 'a', type: 'int' }]);
    expect(await readAll(mysqlSource.read(config, table, { batchSize: 10 }, ctx()))).toEqual([[{ a: 7 }]]);
  });
});

import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { createServer } from 'node:net';
import { z } from 'zod';
import { ConnectionError, PluginConfigError, type Row } from '../../../src/plugins/contract';
import { sqlServerSource, synapseSource } from '../../../src/plugins/sources/sqlserver';
import type { TdsConfig } from '../../../src/plugins/sources/sqlserver/config';
import { FakeSqlServer } from '../../fakes/tds/server';
import { pluginContext } from '../../helpers/plugin-context';
import { readerPassword, startFakeSqlServer, untilNoConnections, untilRowsSteady } from './sqlserver-fixture';

let fake: FakeSqlServer;
let config: TdsConfig;

beforeAll(async () => {
  ({ fake, config } = await startFakeSqlServer());
});
afterAll(() => fake.stop());

async function failure(promise: Promise<unknown>): Promise<Error> {
  return promise.then(
    () => {
      throw new Error('expected a failure');
    },
    (error: Error) => error,
  );
}

describe('config', () => {
  test('defaults: port 1433, encrypt on, certificate checked; the password is write-only', () => {
    const parsed = sqlServerSource.config.parse({ server: 'db', database: 'd', user: 'u' });
    expect(parsed).toMatchObject({ port: 1433, encrypt: true, trustServerCertificate: false, password: '' });
    const schema = z.toJSONSchema(sqlServerSource.config) as { properties: Record<string, { writeOnly?: boolean }> };
    expect(schema.properties.password.writeOnly).toBe(true);
  });

  test('names the field and the fix', () => {
    const result = sqlServerSource.config.safeParse({ server: ' ', database: 'd', user: 'u', port: 70000 });
    expect(result.success).toBe(false);
    const messages = result.error?.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    expect(messages).toEqual([
      'server: must not be empty: give the host name or IP address of the SQL Server server',
      'port: must be between 1 and 65535',
    ]);
  });
});

describe('test()', () => {
  test('logs in with ApplicationIntent=ReadOnly over TLS', async () => {
    await sqlServerSource.test(config, pluginContext());
    expect(fake.logins.at(-1)).toMatchObject({ user: 'reader', database: 'shop', readOnlyIntent: true, encrypted: true, appName: 'ferry' });
  });

  test.each([
    ['a wrong password', { password: 'nope' }, 'authentication_failed', /refused the login "reader" \(error 18456\): check the user and password/],
    ['an unknown database', { database: 'nowhere' }, 'database_not_found', /no database "nowhere".*\(error 4060\): check the database name/],
    ['an unreachable port', { port: 1 }, 'connection_refused', /localhost:1: connection refused\. Check the server and port/],
    [
      'an untrusted certificate',
      { trustServerCertificate: false },
      'ssl_certificate',
      /certificate of .* could not be verified .*trustServerCertificate/,
    ],
  ])('%s gives a ConnectionError naming the fix', async (_name, change, reason, message) => {
    const error = await failure(sqlServerSource.test({ ...config, ...change }, pluginContext()));
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error.message).toMatch(message);
    expect((error as ConnectionError).extensions).toMatchObject({ reason });
    expect(error.message).not.toContain(readerPassword);
  });

  test('a server that never answers times out after connectTimeoutSeconds', async () => {
    const silent = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as { port: number }).port;
    try {
      const started = Date.now();
      const error = await failure(sqlServerSource.test({ ...config, port, connectTimeoutSeconds: 0.5 }, pluginContext()));
      expect(error.message).toMatch(/within 0\.5 seconds.*raise connectTimeoutSeconds/);
      expect(Date.now() - started).toBeLessThan(4000);
    } finally {
      silent.close();
    }
  });

  test('with encrypt on, a server that offers no TLS is refused rather than sent the password in clear', async () => {
    const plain = await FakeSqlServer.start({ logins: { reader: readerPassword }, databases: { shop: [] }, encryption: 'unsupported' });
    try {
      const error = await failure(sqlServerSource.test({ ...config, port: plain.port }, pluginContext()));
      expect(error.message).toMatch(/does not offer encryption although encrypt is on/);
      await sqlServerSource.test({ ...config, port: plain.port, encrypt: false }, pluginContext());
    } finally {
      await plain.stop();
    }
  });
});

describe('columns()', () => {
  test('reads no row of the model: the fake produces none', async () => {
    const before = fake.rowsSent;
    const columns = await sqlServerSource.columns(config, { kind: 'sql', sql: 'SELECT id, email AS address FROM million' }, pluginContext());
    expect(columns).toEqual([
      { name: 'id', type: 'int' },
      { name: 'address', type: 'nvarchar(320)' },
    ]);
    expect(fake.rowsSent).toBe(before);
    expect(fake.statements.at(-1)).toBe('SELECT id, email AS address FROM million');
  });

  test.each([
    ['SELECT FROM people', "Incorrect syntax near the keyword 'FROM'."],
    ['SELECT * FROM dbo.missing', "Invalid object name 'dbo.missing'."],
    ['SELECT nope FROM people', "Invalid column name 'nope'."],
  ])('refuses %s with the server message', async (sql, message) => {
    const error = await failure(sqlServerSource.columns(config, { kind: 'sql', sql }, pluginContext()));
    expect(error).toBeInstanceOf(PluginConfigError);
    expect(error.message).toContain(message);
  });

  test('refuses statements that are not queries before sending them', async () => {
    const sent = fake.statements.length;
    for (const sql of ['DELETE FROM people', 'EXEC sp_who', '  ']) {
      const error = await failure(sqlServerSource.columns(config, { kind: 'sql', sql }, pluginContext()));
      expect(error).toBeInstanceOf(PluginConfigError);
      expect(error.message).toMatch(/SELECT or WITH|SQL is empty/);
    }
    expect(fake.statements.length).toBe(sent);
  });

  test('refuses duplicate column names', async () => {
    const error = await failure(sqlServerSource.columns(config, { kind: 'sql', sql: 'SELECT id, email AS id FROM people' }, pluginContext()));
    expect(error.message).toMatch(/"id" appears more than once/);
  });
});

describe('read()', () => {
  test('streams batches inside a transaction that is rolled back', async () => {
    const batches: Row[][] = [];
    const from = fake.statements.length;
    for await (const batch of sqlServerSource.read(
      config,
      { kind: 'table', table: { schema: 'dbo', name: 'people' } },
      { batchSize: 10 },
      pluginContext(),
    )) {
      batches.push(batch);
    }
    expect(batches.map((batch) => batch.length)).toEqual([10, 10, 5]);
    expect(batches[0][0]).toEqual({ id: 1, email: 'user1@example.com', amount: '1.01', created: '2024-01-02' });
    expect(fake.statements.slice(from).filter((sql) => !sql.startsWith('set '))).toEqual([
      'SELECT * FROM [dbo].[people]',
      'SET XACT_ABORT ON; BEGIN TRANSACTION',
      'SELECT * FROM [dbo].[people]',
      'IF @@TRANCOUNT > 0 ROLLBACK TRANSACTION',
    ]);
    expect(await untilNoConnections(fake)).toBe(0);
  });

  test('back-pressure: while the consumer holds a batch the server stops sending', async () => {
    const before = fake.rowsSent;
    const rows = sqlServerSource.read(config, { kind: 'sql', sql: 'SELECT * FROM million' }, { batchSize: 1000 }, pluginContext());
    const iterator = rows[Symbol.asyncIterator]();
    expect((await iterator.next()).value).toHaveLength(1000);
    try {
      // Socket, TLS and driver buffers fill, then the fake blocks on 'drain' and writes nothing more.
      const sent = (await untilRowsSteady(fake)) - before;
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(fake.rowsSent - before).toBe(sent);
      expect(sent).toBeLessThan(200_000);
    } finally {
      await iterator.return?.(undefined);
    }
    expect(await untilNoConnections(fake)).toBe(0);
  });

  test('an abort cancels the running query with ATTENTION and closes the connection', async () => {
    const controller = new AbortController();
    const attentions = fake.attentions;
    const reading = (async () => {
      for await (const batch of sqlServerSource.read(
        config,
        { kind: 'sql', sql: 'SELECT * FROM slow' },
        { batchSize: 10 },
        pluginContext({ signal: controller.signal }),
      )) {
        void batch;
      }
    })();
    await new Promise((resolve) => setTimeout(resolve, 400));
    const started = Date.now();
    controller.abort(new Error('run cancelled'));
    await expect(reading).rejects.toThrow('run cancelled');
    expect(Date.now() - started).toBeLessThan(3000);
    expect(fake.attentions).toBe(attentions + 1);
    expect(await untilNoConnections(fake)).toBe(0);
  });

  test('queryTimeoutSeconds bounds the wait for the first rows', async () => {
    const error = await failure(
      (async () => {
        for await (const batch of sqlServerSource.read(
          { ...config, queryTimeoutSeconds: 0.3 },
          { kind: 'sql', sql: 'SELECT * FROM slow' },
          { batchSize: 10 },
          pluginContext(),
        )) {
          void batch;
        }
      })(),
    );
    expect(error).toBeInstanceOf(PluginConfigError);
    expect(error.message).toMatch(/had not started answering after 0\.3 seconds \(queryTimeoutSeconds\)/);
  });
});

describe('tables()', () => {
  test('lists tables from INFORMATION_SCHEMA.TABLES, filtered and limited', async () => {
    expect(await sqlServerSource.tables?.(config, { first: 10 }, pluginContext())).toEqual([
      { schema: 'dbo', name: 'all_types' },
      { schema: 'dbo', name: 'million' },
      { schema: 'dbo', name: 'people' },
      { schema: 'dbo', name: 'slow' },
    ]);
    expect(await sqlServerSource.tables?.(config, { search: 'DBO.PEO', first: 10 }, pluginContext())).toEqual([{ schema: 'dbo', name: 'people' }]);
    expect(await sqlServerSource.tables?.(config, { search: 'a_l', first: 10 }, pluginContext())).toEqual([]);
    expect(await sqlServerSource.tables?.(config, { first: 1 }, pluginContext())).toHaveLength(1);
  });

  test('tableSql quotes with brackets, doubling ]', () => {
    expect(sqlServerSource.tableSql?.({ schema: 'sales', name: 'odd]name' })).toBe('SELECT * FROM [sales].[odd]]name]');
  });
});

describe('synapse', () => {
  test('reads without a transaction and without ApplicationIntent=ReadOnly', async () => {
    const from = fake.statements.length;
    const rows: Row[] = [];
    for await (const batch of synapseSource.read(config, { kind: 'sql', sql: 'SELECT TOP 3 id FROM people' }, { batchSize: 10 }, pluginContext()))
      rows.push(...batch);
    expect(rows).toEqual([{ id: 1 }, { id: 2 }, { id: 3 }]);
    expect(fake.statements.slice(from).some((sql) => /TRANSACTION/.test(sql))).toBe(false);
    expect(fake.logins.at(-1)?.readOnlyIntent).toBe(false);
  });
});

describe('estimateRows()', () => {
  test("a table model's count comes from sp_spaceused without reading its rows; SQL models and unknown tables have none", async () => {
    const before = fake.rowsSent;
    expect(await sqlServerSource.estimateRows?.(config, { kind: 'table', table: { schema: 'dbo', name: 'million' } }, pluginContext())).toBe(
      1_000_000,
    );
    expect(fake.rowsSent).toBe(before);
    expect(await sqlServerSource.estimateRows?.(config, { kind: 'sql', sql: 'SELECT * FROM million' }, pluginContext())).toBeNull();
    expect(await sqlServerSource.estimateRows?.(config, { kind: 'table', table: { schema: 'dbo', name: 'gone' } }, pluginContext())).toBeNull();
    expect(synapseSource.estimateRows).toBeUndefined();
  });
});

import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { Plugin } from '../../../src/plugins/contract';
import { mysqlSource } from '../../../src/plugins/sources/mysql';
import { startFakeActiveCampaign, type FakeActiveCampaign } from '../../fakes/activecampaign';
import type { MariaDbServer } from '../../helpers/mariadb-server';
import { startTestFerry, type TestFerry } from '../../helpers/ferry-server';
import { FAST_REQUESTS_PER_SECOND, fastPlugins, runToEnd, syncModelToContacts } from '../../helpers/sync-fixtures';
import { mysqlFixture } from './mysql-fixture';

describe('mysql source end to end: a model on MariaDB synced into ActiveCampaign over the GraphQL API', () => {
  let server: MariaDbServer;
  let fake: FakeActiveCampaign;
  let ferry: TestFerry;
  let sourceId: string;

  beforeAll(async () => {
    const fixture = await mysqlFixture();
    server = fixture.server;
    await server.admin.query(`
      CREATE TABLE customers (id BIGINT PRIMARY KEY, email VARCHAR(100), first_name VARCHAR(50), plan JSON, active BIT(1));
      INSERT INTO customers VALUES
        (9007199254740993, 'ada@example.com', 'Ada', '{"tier": "pro"}', b'1'),
        (2, 'grace@example.com', 'Grace', '{"tier": "free"}', b'1'),
        (3, 'gone@example.com', 'Gone', NULL, b'0');`);
    fake = await startFakeActiveCampaign({ requestsPerSecond: FAST_REQUESTS_PER_SECOND });
    const destination = fastPlugins.find((plugin) => plugin.kind === 'destination')!;
    ferry = await startTestFerry({}, [mysqlSource as Plugin, destination]);
    const { createSource } = await ferry.client.data(
      `mutation($c: JSONObject!) { createSource(input: { name: "Shop", type: "mysql", config: $c }) { id } }`,
      {
        c: { host: '127.0.0.1', port: server.port, database: server.database, user: server.reader.user, password: server.reader.password },
      },
    );
    sourceId = createSource.id;
  }, 60_000);
  afterAll(async () => {
    await ferry?.stop();
    await fake?.close();
    await server?.stop();
  });

  test("the source tests OK; previewQuery shows columns and rows in the contract's forms", async () => {
    const { testSource } = await ferry.client.data(`mutation($id: ID!) { testSource(id: $id) { ok message } }`, { id: sourceId });
    expect(testSource).toEqual({ ok: true, message: null });
    const { previewQuery } = await ferry.client.data(
      `query($id: ID!, $sql: String!) { previewQuery(sourceId: $id, sql: $sql, limit: 2) { columns { name type } rows truncated } }`,
      { id: sourceId, sql: 'SELECT id, email, plan, active FROM customers ORDER BY email' },
    );
    expect(previewQuery.columns).toEqual([
      { name: 'id', type: 'bigint' },
      { name: 'email', type: 'varchar' },
      { name: 'plan', type: 'json' },
      { name: 'active', type: 'bit(1)' },
    ]);
    expect(previewQuery.rows).toEqual([
      { id: '9007199254740993', email: 'ada@example.com', plan: { tier: 'pro' }, active: true },
      { id: '3', email: 'gone@example.com', plan: null, active: false },
    ]);
    expect(previewQuery.truncated).toBe(true);
    const { source } = await ferry.client.data(`query($id: ID!) { source(id: $id) { tables(search: "CUST") { schema name } } }`, { id: sourceId });
    expect(source.tables).toEqual([{ schema: 'ferry', name: 'customers' }]);
  });

  test('createModel refuses invalid SQL and a statement that writes with the reason, and stores nothing', async () => {
    const attempts = [
      ['SELECT email FROM customer', /^input\.sql: Table 'ferry\.customer' doesn't exist$/],
      ['SELECT email FORM customers', /^input\.sql: You have an error in your SQL syntax/],
      ['DELETE FROM customers RETURNING email', /^input\.sql: The SQL is not a query \(it starts with DELETE\)/],
    ] as const;
    for (const [sql, message] of attempts) {
      const { errors } = await ferry.client.request(`mutation($i: ModelInput!) { createModel(input: $i) { id } }`, {
        i: { name: 'Bad', sourceId, sql },
      });
      expect(errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(errors?.[0]?.message).toMatch(message);
    }
    const { models } = await ferry.client.data(`{ models { id } }`);
    expect(models).toEqual([]);
    const [rows] = await server.admin.query('SELECT COUNT(*) AS n FROM customers');
    expect((rows as Array<{ n: number }>)[0].n).toBe(3);
  });

  test('a sync of the model creates the active customers as contacts; a second run sends nothing', async () => {
    const { createModel } = await ferry.client.data(`mutation($i: ModelInput!) { createModel(input: $i) { id columns { name type } } }`, {
      i: { name: 'Active customers', sourceId, sql: 'SELECT email, first_name FROM customers WHERE active = 1' },
    });
    const syncId = await syncModelToContacts(ferry.client, createModel.id, fake, { name: 'Customers to contacts', quiet: true });
    const first = await runToEnd(ferry.client, syncId);
    expect(first).toMatchObject({ status: 'SUCCEEDED', rowsRead: 2, rowsCreated: 2, rowsRejected: 0, error: null });
    expect(fake.state.findContactByEmail('ada@example.com')?.firstName).toBe('Ada');
    expect(fake.state.findContactByEmail('grace@example.com')?.firstName).toBe('Grace');
    expect(fake.state.findContactByEmail('gone@example.com')).toBeUndefined();
    const second = await runToEnd(ferry.client, syncId);
    expect(second).toMatchObject({ status: 'SUCCEEDED', rowsRead: 2, rowsChanged: 0, rowsUnchanged: 2 });
  }, 60_000);
});

import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { Plugin } from '../../../src/plugins/contract';
import { sqlServerSource, synapseSource } from '../../../src/plugins/sources/sqlserver';
import { startFakeActiveCampaign, type FakeActiveCampaign } from '../../fakes/activecampaign';
import { FakeSqlServer } from '../../fakes/tds/server';
import { startTestFerry, type TestFerry } from '../../helpers/ferry-server';
import { runToEnd, testActiveCampaign } from '../../helpers/sync-fixtures';
import { readerPassword } from './sqlserver-fixture';
import { selfSignedCertificate } from '../../fakes/tds/certificate';

// End to end: a model on the fake SQL Server, synced over the GraphQL API into the fake ActiveCampaign.

const CUSTOMERS = 30;

describe.each([
  ['sqlserver', 'SQL Server'],
  ['synapse', 'Azure Synapse'],
])('%s: %s → ActiveCampaign over the GraphQL API', (sourceType) => {
  let sql: FakeSqlServer;
  let account: FakeActiveCampaign;
  let ferry: TestFerry;
  let signupField: string;
  let sourceConfig: Record<string, unknown>;

  beforeAll(async () => {
    sql = await FakeSqlServer.start({
      logins: { reader: readerPassword },
      certificate: selfSignedCertificate(),
      databases: {
        crm: [
          {
            schema: 'sales',
            name: 'customers',
            columns: [
              { name: 'email', type: { name: 'nvarchar', length: 320 } },
              { name: 'first_name', type: { name: 'nvarchar', length: 100 } },
              { name: 'signup', type: { name: 'date' } },
              { name: 'balance', type: { name: 'decimal', precision: 18, scale: 2 } },
            ],
            rows: () =>
              Array.from({ length: CUSTOMERS }, (_, i) => [
                `customer${i + 1}@example.com`,
                `Zoë ${i + 1}`,
                `2024-05-${String((i % 28) + 1).padStart(2, '0')}`,
                `${i}.50`,
              ]),
          },
        ],
      },
    });
    account = await startFakeActiveCampaign({ requestsPerSecond: 5, bulkImport: { processingDelayMs: 20 } });
    signupField = `field:${account.state.addField({ title: 'Signup', type: 'date' }).id}`;
    ferry = await startTestFerry({}, [sqlServerSource as Plugin, synapseSource as Plugin, testActiveCampaign as Plugin]);
    sourceConfig = { server: 'localhost', port: sql.port, database: 'crm', user: 'reader', password: readerPassword, trustServerCertificate: true };
  });

  afterAll(async () => {
    await ferry?.stop();
    await account?.close();
    await sql?.stop();
  });

  test('a source, a model with its columns and preview, and a sync whose runs create the contacts, then send nothing', async () => {
    const { client } = ferry;
    // Bad input stores nothing: each refused source names its cause.
    for (const [change, cause] of [
      [{ password: 'wrong' }, /error 18456/],
      [{ database: 'nowhere' }, /no database "nowhere"/],
      [{ port: 1 }, /connection refused/],
    ] as const) {
      const refused = await client.error(
        `mutation($c: JSONObject!, $t: String!) { createSource(input: { name: "CRM", type: $t, config: $c }) { id } }`,
        {
          c: { ...sourceConfig, ...change },
          t: sourceType,
        },
      );
      expect(refused.code).toBe('CONNECTION_FAILED');
      expect(refused.message).toMatch(cause);
    }
    expect((await client.data('{ sources { id } }')).sources).toEqual([]);

    const { createSource } = await client.data(
      `mutation($c: JSONObject!, $t: String!) { createSource(input: { name: "CRM", type: $t, config: $c }) { id config } }`,
      { c: sourceConfig, t: sourceType },
    );
    expect(createSource.config.password).toBeNull();
    const { testSource } = await client.data(`mutation($id: ID!) { testSource(id: $id) { ok message } }`, { id: createSource.id });
    expect(testSource).toEqual({ ok: true, message: null });

    const bad = await client.request(`query($id: ID!) { previewQuery(sourceId: $id, sql: "SELECT FROM sales.customers") { rows } }`, {
      id: createSource.id,
    });
    expect(bad.errors?.[0]).toMatchObject({
      message: expect.stringContaining("Incorrect syntax near the keyword 'FROM'"),
      extensions: { code: 'BAD_USER_INPUT' },
    });

    const { createModel } = await client.data(`mutation($i: ModelInput!) { createModel(input: $i) { id } }`, {
      i: { name: 'Customers', sourceId: createSource.id, sql: 'SELECT email, first_name, signup, balance FROM sales.customers' },
    });
    const { model } = await client.data(`query($id: ID!) { model(id: $id) { columns { name type } preview(limit: 2) { rows truncated } } }`, {
      id: createModel.id,
    });
    expect(model.columns).toEqual([
      { name: 'email', type: 'nvarchar(320)' },
      { name: 'first_name', type: 'nvarchar(100)' },
      { name: 'signup', type: 'date' },
      { name: 'balance', type: 'decimal(18,2)' },
    ]);
    expect(model.preview).toEqual({
      rows: [
        { email: 'customer1@example.com', first_name: 'Zoë 1', signup: '2024-05-01', balance: '0.50' },
        { email: 'customer2@example.com', first_name: 'Zoë 2', signup: '2024-05-02', balance: '1.50' },
      ],
      truncated: true,
    });

    // Table models: the tables the login sees, and one read whole (its identifiers quoted by the plugin).
    const { source } = await client.data(`query($id: ID!) { source(id: $id) { tables(search: "CUST") { schema name } } }`, { id: createSource.id });
    expect(source.tables).toEqual([{ schema: 'sales', name: 'customers' }]);
    const { createModel: tableModel } = await client.data(
      `mutation($i: ModelInput!) { createModel(input: $i) { id sql preview(limit: 1) { rows } } }`,
      {
        i: { name: 'Customers table', sourceId: createSource.id, table: 'sales.customers' },
      },
    );
    expect(tableModel.sql).toBe('SELECT * FROM [sales].[customers]');
    expect(tableModel.preview.rows).toEqual([{ email: 'customer1@example.com', first_name: 'Zoë 1', signup: '2024-05-01', balance: '0.50' }]);

    const { createDestination } = await client.data(
      `mutation($c: JSONObject!) { createDestination(input: { name: "AC", type: "activecampaign", config: $c }) { id } }`,
      {
        c: { apiUrl: account.url, apiKey: account.apiKey },
      },
    );
    const { createSync } = await client.data(`mutation($i: SyncInput!) { createSync(input: $i) { id } }`, {
      i: {
        modelId: createModel.id,
        destinationId: createDestination.id,
        object: 'contact',
        behavior: 'UPDATE_OR_CREATE',
        syncKey: { column: 'email', field: 'email' },
        mappings: [
          { from: 'first_name', to: 'firstName' },
          { from: 'signup', to: signupField },
        ],
      },
    });

    const first = await runToEnd(client, createSync.id, false, 60_000);
    expect(first).toMatchObject({ status: 'SUCCEEDED', rowsRead: CUSTOMERS, rowsCreated: CUSTOMERS, rowsRejected: 0 });
    const contact = account.state.snapshotContact('customer7@example.com');
    expect(contact?.contact.firstName).toBe('Zoë 7');
    expect(contact?.fields[signupField.slice('field:'.length)]).toBe('2024-05-07');

    const second = await runToEnd(client, createSync.id, false, 60_000);
    expect(second).toMatchObject({ status: 'SUCCEEDED', rowsRead: CUSTOMERS, rowsUnchanged: CUSTOMERS, rowsChanged: 0 });
    const count = (text: string) => sql.statements.filter((statement) => statement === text).length;
    expect(sql.statements.some((statement) => /(^|;)\s*COMMIT\b/im.test(statement))).toBe(false);
    expect(sql.logins.every((login) => login.encrypted)).toBe(true);
    if (sourceType === 'synapse') {
      // Synapse pools take no transaction around a read, and have no readable secondaries to ask for.
      expect(count('SET XACT_ABORT ON; BEGIN TRANSACTION')).toBe(0);
      expect(sql.logins.some((login) => login.readOnlyIntent)).toBe(false);
      return;
    }
    // Every read ran in a transaction, never committed: the two runs rolled theirs back, the two previews (which
    // stop early) closed their connections, which rolls back too. All on connections with ApplicationIntent=ReadOnly.
    expect(count('SET XACT_ABORT ON; BEGIN TRANSACTION')).toBe(4);
    expect(count('IF @@TRANCOUNT > 0 ROLLBACK TRANSACTION')).toBe(2);
    expect(sql.logins.every((login) => login.readOnlyIntent)).toBe(true);
  }, 120_000);
});

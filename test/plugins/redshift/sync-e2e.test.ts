import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { Plugin } from '../../../src/plugins/contract';
import { redshiftSource } from '../../../src/plugins/sources/postgres';
import { startFakeActiveCampaign, type FakeActiveCampaign } from '../../fakes/activecampaign';
import { postgresSourceConfig, startTestFerry, type TestFerry } from '../../helpers/ferry-server';
import { FAST_REQUESTS_PER_SECOND, fastPlugins, runToEnd, startWarehouse, syncModelToContacts, type Warehouse } from '../../helpers/sync-fixtures';

describe('redshift source end to end: a model read with the Redshift dialect synced into ActiveCampaign over the GraphQL API', () => {
  let warehouse: Warehouse;
  let fake: FakeActiveCampaign;
  let ferry: TestFerry;
  let sourceId: string;

  beforeAll(async () => {
    warehouse = await startWarehouse();
    await warehouse.client.query(`
      CREATE TABLE customers (id int8 PRIMARY KEY, email text, first_name text, active bool);
      INSERT INTO customers VALUES (9007199254740993, 'ada@example.com', 'Ada', true), (2, 'grace@example.com', 'Grace', true), (3, 'gone@example.com', 'Gone', false);`);
    fake = await startFakeActiveCampaign({ requestsPerSecond: FAST_REQUESTS_PER_SECOND });
    const destination = fastPlugins.find((plugin) => plugin.kind === 'destination')!;
    ferry = await startTestFerry({}, [redshiftSource as Plugin, destination]);
    // The test PostgreSQL has no TLS: ssl (on by default for Redshift) is turned off.
    const { createSource } = await ferry.client.data(
      `mutation($c: JSONObject!) { createSource(input: { name: "Warehouse", type: "redshift", config: $c }) { id } }`,
      {
        c: { ...postgresSourceConfig(warehouse.url), ssl: false },
      },
    );
    sourceId = createSource.id;
  }, 60_000);
  afterAll(async () => {
    await ferry?.stop();
    await fake?.close();
    await warehouse?.close();
  });

  test('previewQuery shows columns and rows; createModel refuses invalid SQL and stores nothing', async () => {
    const { previewQuery } = await ferry.client.data(
      `query($id: ID!, $sql: String!) { previewQuery(sourceId: $id, sql: $sql, limit: 1) { columns { name type } rows truncated } }`,
      { id: sourceId, sql: 'SELECT id, email FROM customers ORDER BY email' },
    );
    expect(previewQuery).toEqual({
      columns: [
        { name: 'id', type: 'int8' },
        { name: 'email', type: 'text' },
      ],
      rows: [{ id: '9007199254740993', email: 'ada@example.com' }],
      truncated: true,
    });
    const { errors } = await ferry.client.request(`mutation($i: ModelInput!) { createModel(input: $i) { id } }`, {
      i: { name: 'Bad', sourceId, sql: 'SELECT email FROM customer' },
    });
    const { source } = await ferry.client.data(`query($id: ID!) { source(id: $id) { tables { schema name } } }`, { id: sourceId });
    expect(source.tables).toEqual([{ schema: 'public', name: 'customers' }]);
    expect(errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(errors?.[0]?.message).toMatch(/relation "customer" does not exist/);
    expect((await ferry.client.data(`{ models { id } }`)).models).toEqual([]);
  });

  test('a sync of the model creates the active customers as contacts', async () => {
    const { createModel } = await ferry.client.data(`mutation($i: ModelInput!) { createModel(input: $i) { id } }`, {
      i: { name: 'Active customers', sourceId, sql: 'SELECT email, first_name FROM customers WHERE active' },
    });
    const syncId = await syncModelToContacts(ferry.client, createModel.id, fake, { name: 'Customers to contacts', quiet: true });
    const run = await runToEnd(ferry.client, syncId);
    expect(run).toMatchObject({ status: 'SUCCEEDED', rowsRead: 2, rowsCreated: 2, rowsRejected: 0, error: null });
    expect(fake.state.findContactByEmail('ada@example.com')?.firstName).toBe('Ada');
    expect(fake.state.findContactByEmail('grace@example.com')?.firstName).toBe('Grace');
    expect(fake.state.findContactByEmail('gone@example.com')).toBeUndefined();
  }, 60_000);
});

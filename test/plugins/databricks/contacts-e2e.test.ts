import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { Plugin } from '../../../src/plugins/contract';
import { databricksSource } from '../../../src/plugins/sources/databricks';
import { FAST_REQUESTS_PER_SECOND, fastPlugins, runToEnd, syncModelToContacts } from '../../helpers/sync-fixtures';
import { startFakeActiveCampaign, type FakeActiveCampaign } from '../../fakes/activecampaign';
import { startFakeDatabricks, type FakeDatabricks } from '../../fakes/databricks';
import { startTestFerry, type TestFerry } from '../../helpers/ferry-server';

/** End to end: a model on Databricks (the fake warehouse) synced into the fake ActiveCampaign through the GraphQL API. */
describe('Databricks → ActiveCampaign contacts, over the API', () => {
  let ferry: TestFerry;
  let ac: FakeActiveCampaign;
  let warehouse: FakeDatabricks;

  beforeAll(async () => {
    ac = await startFakeActiveCampaign({ requestsPerSecond: FAST_REQUESTS_PER_SECOND });
    warehouse = await startFakeDatabricks({ chunkRows: 3 });
    warehouse.addTable({
      schema: 'crm',
      name: 'customers',
      columns: [
        { name: 'email', type: 'STRING' },
        { name: 'first_name', type: 'STRING' },
        { name: 'lifetime_value', type: 'DECIMAL(12,2)' },
      ],
      rows: Array.from({ length: 8 }, (_, i) => [`customer${i + 1}@example.com`, `Customer ${i + 1}`, `${(i + 1) * 100}.50`]),
    });
    ferry = await startTestFerry({}, [databricksSource as Plugin, ...fastPlugins]);
  }, 60_000);

  afterAll(async () => {
    await ferry?.stop();
    await warehouse?.close();
    await ac?.close();
  });

  test('source, model (columns and preview), sync and run: every row becomes a contact; a second run sends nothing', async () => {
    const { createSource } = await ferry.client.data(
      `mutation($c: JSONObject!) { createSource(input: { name: "Lakehouse", type: "databricks", config: $c }) { id } }`,
      {
        c: { host: warehouse.url, httpPath: warehouse.httpPath, token: warehouse.token, catalog: 'main', schema: 'crm' },
      },
    );
    const sql = 'SELECT email, first_name FROM customers';
    const { createModel } = await ferry.client.data(
      `mutation($i: ModelInput!) { createModel(input: $i) { id columns { name type } preview(limit: 2) { rows truncated } } }`,
      {
        i: { name: 'Customers', sourceId: createSource.id, sql },
      },
    );
    expect(createModel.columns).toEqual([
      { name: 'email', type: 'STRING' },
      { name: 'first_name', type: 'STRING' },
    ]);
    expect(createModel.preview).toEqual({
      rows: [
        { email: 'customer1@example.com', first_name: 'Customer 1' },
        { email: 'customer2@example.com', first_name: 'Customer 2' },
      ],
      truncated: true,
    });
    const syncId = await syncModelToContacts(ferry.client, createModel.id, ac, { quiet: true });

    const first = await runToEnd(ferry.client, syncId);
    expect(first).toMatchObject({ status: 'SUCCEEDED', rowsRead: 8, rowsCreated: 8, rowsRejected: 0 });
    for (let i = 1; i <= 8; i += 1) expect(ac.state.findContactByEmail(`customer${i}@example.com`)?.firstName).toBe(`Customer ${i}`);
    expect(warehouse.requests.filter((r) => r.path.startsWith('/fake-storage/')).every((r) => !r.authorized)).toBe(true);

    const second = await runToEnd(ferry.client, syncId);
    expect(second).toMatchObject({ status: 'SUCCEEDED', rowsRead: 8, rowsUnchanged: 8, rowsChanged: 0 });
  }, 60_000);

  test('a source with a wrong token is refused when saved, naming the fix, and nothing is stored', async () => {
    const reply = await ferry.client.request(
      `mutation($c: JSONObject!) { createSource(input: { name: "Bad token", type: "databricks", config: $c }) { id } }`,
      {
        c: { host: warehouse.url, httpPath: warehouse.httpPath, token: 'dapi-wrong' },
      },
    );
    expect(reply.errors?.[0]).toMatchObject({
      message: expect.stringMatching(/refused the token \(403 Invalid access token\.\): create a new personal access token/),
      extensions: { code: 'CONNECTION_FAILED' },
    });
    const { sources } = await ferry.client.data(`query { sources { name } }`);
    expect(sources.map((s: { name: string }) => s.name)).not.toContain('Bad token');
  }, 30_000);

  test('a model on a missing table is refused with Databricks’ message, and nothing is stored', async () => {
    const { createSource } = await ferry.client.data(
      `mutation($c: JSONObject!) { createSource(input: { name: "Lakehouse 2", type: "databricks", config: $c }) { id } }`,
      {
        c: { host: warehouse.url, httpPath: warehouse.httpPath, token: warehouse.token },
      },
    );
    const reply = await ferry.client.request(`mutation($i: ModelInput!) { createModel(input: $i) { id } }`, {
      i: { name: 'Broken', sourceId: createSource.id, sql: 'SELECT * FROM nowhere' },
    });
    expect(reply.errors?.[0]).toMatchObject({ message: expect.stringMatching(/TABLE_OR_VIEW_NOT_FOUND/), extensions: { code: 'BAD_USER_INPUT' } });
    const { models } = await ferry.client.data(`query { models { name } }`);
    expect(models.map((m: { name: string }) => m.name)).not.toContain('Broken');
  }, 30_000);
});

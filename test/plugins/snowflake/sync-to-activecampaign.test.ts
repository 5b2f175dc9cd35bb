import assert from 'node:assert/strict';
import { afterAll, beforeAll, describe, test } from '@jest/globals';
import type { Plugin } from '../../../src/plugins/contract';
import { snowflakeSource } from '../../../src/plugins/sources/snowflake';
import { startFakeActiveCampaign, type FakeActiveCampaign } from '../../fakes/activecampaign';
import { startFakeSnowflake, type FakeSnowflake } from '../../fakes/snowflake';
import { startTestFerry, type TestFerry } from '../../helpers/ferry-server';
import { FAST_REQUESTS_PER_SECOND, runToEnd, testActiveCampaign } from '../../helpers/sync-fixtures';

const fastActiveCampaign = {
  ...testActiveCampaign,
  limits: (config: never) => ({ ...testActiveCampaign.limits(config), requestsPerSecond: FAST_REQUESTS_PER_SECOND }),
};

describe('a Snowflake model synced into ActiveCampaign end to end: GraphQL API → Snowflake SQL API (fake) → engine → fake ActiveCampaign', () => {
  let snowflake: FakeSnowflake;
  let activeCampaign: FakeActiveCampaign;
  let ferry: TestFerry;
  let planField: string;

  beforeAll(async () => {
    // Small partitions, so the run reads several of them; 202s, so the engine waits on polled statements.
    snowflake = await startFakeSnowflake({ firstPartitionRows: 7, partitionRows: 11, executionLatencyMs: 120, syncWindowMs: 50 });
    snowflake.state.addTable(
      'ANALYTICS',
      'PUBLIC',
      'CUSTOMERS',
      [
        { name: 'EMAIL', type: 'TEXT' },
        { name: 'FIRST_NAME', type: 'TEXT' },
        { name: 'PLAN', type: 'TEXT' },
        { name: 'SIGNED_UP', type: 'DATE' },
      ],
      Array.from({ length: 40 }, (_, i) => [
        `customer${i + 1}@example.com`,
        `Customer ${i + 1}`,
        i % 2 ? 'pro' : 'free',
        `2024-03-${String((i % 28) + 1).padStart(2, '0')}`,
      ]),
    );
    activeCampaign = await startFakeActiveCampaign({ requestsPerSecond: FAST_REQUESTS_PER_SECOND, bulkImport: { processingDelayMs: 20 } });
    planField = `field:${activeCampaign.state.addField({ title: 'Plan', type: 'text' }).id}`;
    ferry = await startTestFerry({}, [snowflakeSource as Plugin, fastActiveCampaign as Plugin]);
  }, 60_000);

  afterAll(async () => {
    await ferry?.stop();
    await activeCampaign?.close();
    await snowflake?.close();
  });

  test('the source is tested, the model described, previewed and synced; a second run sends nothing', async () => {
    const { client } = ferry;
    const { createSource } = await client.data(
      `mutation($c: JSONObject!) { createSource(input: { name: "Snowflake", type: "snowflake", config: $c }) { id config lastTest { ok message } } }`,
      {
        c: snowflake.config,
      },
    );
    assert.equal(createSource.config.privateKey, null, 'the key is write-only');
    const { testSource } = await client.data(`mutation($id: ID!) { testSource(id: $id) { ok message } }`, { id: createSource.id });
    assert.deepEqual(testSource, { ok: true, message: null });

    const { createModel } = await client.data(
      `mutation($i: ModelInput!) { createModel(input: $i) { id columns { name type } preview(limit: 2) { rows truncated } } }`,
      {
        i: { name: 'Customers', sourceId: createSource.id, sql: 'SELECT EMAIL, FIRST_NAME, PLAN, SIGNED_UP FROM CUSTOMERS' },
      },
    );
    assert.deepEqual(createModel.columns, [
      { name: 'EMAIL', type: 'TEXT' },
      { name: 'FIRST_NAME', type: 'TEXT' },
      { name: 'PLAN', type: 'TEXT' },
      { name: 'SIGNED_UP', type: 'DATE' },
    ]);
    assert.deepEqual(createModel.preview.rows[0], {
      EMAIL: 'customer1@example.com',
      FIRST_NAME: 'Customer 1',
      PLAN: 'free',
      SIGNED_UP: '2024-03-01',
    });
    assert.equal(createModel.preview.truncated, true);

    const { createSync } = await client.data(`mutation($i: SyncInput!) { createSync(input: $i) { id } }`, {
      i: {
        modelId: createModel.id,
        destinationId: (
          await client.data(`mutation($c: JSONObject!) { createDestination(input: { name: "AC", type: "activecampaign", config: $c }) { id } }`, {
            c: { apiUrl: activeCampaign.url, apiKey: activeCampaign.apiKey },
          })
        ).createDestination.id,
        object: 'contact',
        behavior: 'UPDATE_OR_CREATE',
        syncKey: { column: 'EMAIL', field: 'email' },
        mappings: [
          { from: 'FIRST_NAME', to: 'firstName' },
          { from: 'PLAN', to: planField },
        ],
      },
    });

    const mark = snowflake.server.requests.length;
    const run = await runToEnd(client, createSync.id);
    assert.equal(run.status, 'SUCCEEDED', JSON.stringify(run));
    assert.equal(run.rowsRead, 40);
    assert.equal(run.rowsCreated, 40);
    assert.equal(activeCampaign.state.findContactByEmail('customer40@example.com')?.firstName, 'Customer 40');
    assert.equal(activeCampaign.state.snapshotContact('customer2@example.com')?.fields[planField.slice('field:'.length)], 'pro');
    // 40 rows = 7 + 11 + 11 + 11: the run fetched partitions 1 to 3, and left no statement running.
    const partitions = snowflake.server.requests.slice(mark).filter((r) => r.path.includes('partition='));
    assert.deepEqual(
      partitions.map((r) => new URL(r.path, 'http://x').searchParams.get('partition')),
      ['1', '2', '3'],
    );
    assert.equal(snowflake.runningStatements(), 0);

    const again = await runToEnd(client, createSync.id);
    assert.equal(again.status, 'SUCCEEDED');
    assert.equal(again.rowsRead, 40);
    assert.equal(again.rowsUnchanged, 40);
    assert.equal(again.rowsChanged, 0, 'nothing changed in Snowflake, nothing is sent');
  }, 60_000);

  test('tables are discovered through the API, and a table model reads the whole table', async () => {
    const { createSource } = await ferry.client.data(
      `mutation($c: JSONObject!) { createSource(input: { name: "Snowflake tables", type: "snowflake", config: $c }) { id } }`,
      {
        c: snowflake.config,
      },
    );
    const { source } = await ferry.client.data(`query($id: ID!) { source(id: $id) { tables(search: "cust") { schema name } } }`, {
      id: createSource.id,
    });
    assert.deepEqual(source.tables, [{ schema: 'PUBLIC', name: 'CUSTOMERS' }]);
    const { createModel } = await ferry.client.data(
      `mutation($i: ModelInput!) { createModel(input: $i) { sql table columns { name } preview(limit: 50) { rows truncated } } }`,
      {
        i: { name: 'Customers table', sourceId: createSource.id, table: 'PUBLIC.CUSTOMERS' },
      },
    );
    assert.equal(createModel.sql, 'SELECT * FROM "PUBLIC"."CUSTOMERS"');
    assert.deepEqual(
      createModel.columns.map((c: { name: string }) => c.name),
      ['EMAIL', 'FIRST_NAME', 'PLAN', 'SIGNED_UP'],
    );
    assert.equal(createModel.preview.rows.length, 40);
    assert.equal(createModel.preview.truncated, false);
  });

  test("a model whose SQL Snowflake refuses is not stored: BAD_USER_INPUT with Snowflake's message", async () => {
    const { createSource } = await ferry.client.data(
      `mutation($c: JSONObject!) { createSource(input: { name: "Snowflake 2", type: "snowflake", config: $c }) { id } }`,
      {
        c: snowflake.config,
      },
    );
    const error = await ferry.client.error(`mutation($i: ModelInput!) { createModel(input: $i) { id } }`, {
      i: { name: 'Broken', sourceId: createSource.id, sql: 'SELECT EMAIL FROM NO_SUCH_TABLE' },
    });
    assert.equal(error.code, 'BAD_USER_INPUT');
    assert.match(error.message, /Object 'ANALYTICS\.PUBLIC\.NO_SUCH_TABLE' does not exist or not authorized/);
  });

  test('a malformed private key is refused when the source is created, naming the setting; nothing is stored', async () => {
    const before = (await ferry.client.data('{ sources { id } }')).sources.length;
    const error = await ferry.client.error(
      `mutation($c: JSONObject!) { createSource(input: { name: "Bad key", type: "snowflake", config: $c }) { id } }`,
      {
        c: { ...snowflake.config, privateKey: '-----BEGIN PRIVATE KEY-----\nnot base64 at all\n-----END PRIVATE KEY-----' },
      },
    );
    assert.equal(error.code, 'BAD_USER_INPUT');
    assert.match(error.message, /input\.config\.privateKey: the private key cannot be read/);
    assert.equal((await ferry.client.data('{ sources { id } }')).sources.length, before);
  });
});

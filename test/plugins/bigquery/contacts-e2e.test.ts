import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { Plugin } from '../../../src/plugins/contract';
import { bigQuerySource } from '../../../src/plugins/sources/google/bigquery';
import { startFakeActiveCampaign, type FakeActiveCampaign } from '../../fakes/activecampaign';
import { startTestFerry, type TestFerry } from '../../helpers/ferry-server';
import { FAST_REQUESTS_PER_SECOND, fastPlugins, runToEnd, syncModelToContacts } from '../../helpers/sync-fixtures';
import { PROJECT, startBigQuerySetup, type BigQuerySetup } from './bigquery-fake-setup';

describe('a BigQuery model synced into ActiveCampaign contacts, end to end over the GraphQL API', () => {
  let bigquery: BigQuerySetup;
  let ac: FakeActiveCampaign;
  let ferry: TestFerry;
  beforeAll(async () => {
    bigquery = await startBigQuerySetup({ maxWaitMs: 100, jobLatencyMs: 300 });
    bigquery.fake.warehouse.addTable(
      PROJECT,
      'crm',
      'people',
      [
        { name: 'email', type: 'STRING' },
        { name: 'first_name', type: 'STRING' },
        { name: 'visits', type: 'INTEGER' },
      ],
      Array.from({ length: 25 }, (_, index) => [`person${index + 1}@example.com`, `Person ${index + 1}`, index]),
    );
    ac = await startFakeActiveCampaign({ requestsPerSecond: FAST_REQUESTS_PER_SECOND });
    ferry = await startTestFerry({}, [bigQuerySource as Plugin, fastPlugins[1]]);
  }, 60_000);
  afterAll(async () => {
    await ferry?.stop();
    await ac?.close();
    await bigquery?.fake.close();
  });

  test('source (key kept secret, tested), model (columns by dry run), sync: the run creates every contact; a second run sends nothing', async () => {
    const { client } = ferry;
    const { createSource } = await client.data(
      `mutation($c: JSONObject!) { createSource(input: { name: "BigQuery", type: "bigquery", config: $c }) { id config } }`,
      {
        c: { serviceAccountKey: bigquery.config.serviceAccountKey, apiUrl: bigquery.fake.url, requestTimeoutSeconds: 10 },
      },
    );
    expect(createSource.config.serviceAccountKey).toBeNull();
    const { testSource } = await client.data(`mutation($id: ID!) { testSource(id: $id) { ok message } }`, { id: createSource.id });
    expect(testSource).toEqual({ ok: true, message: null });

    const refused = await client.request(`mutation($i: ModelInput!) { createModel(input: $i) { id } }`, {
      i: { name: 'Bad', sourceId: createSource.id, sql: 'SELECT nope FROM `crm.people`' },
    });
    expect(refused.errors?.[0]).toMatchObject({ message: expect.stringMatching(/Unrecognized name: nope/), extensions: { code: 'BAD_USER_INPUT' } });
    const { createModel } = await client.data(`mutation($i: ModelInput!) { createModel(input: $i) { id } }`, {
      i: { name: 'People', sourceId: createSource.id, sql: 'SELECT email, first_name FROM `crm.people`' },
    });
    const syncId = await syncModelToContacts(client, createModel.id, ac, { name: 'People to contacts' });

    const first = await runToEnd(client, syncId, false, 60_000);
    expect(first).toMatchObject({ status: 'SUCCEEDED', error: null, rowsRead: 25, rowsCreated: 25, rowsRejected: 0 });
    expect(ac.state.findContactByEmail('person7@example.com')?.firstName).toBe('Person 7');
    const jobs = bigquery.fake.jobs.all().filter((job) => job.plan.rowCount === 25);
    expect(jobs.length).toBeGreaterThanOrEqual(1);

    const second = await runToEnd(client, syncId, false, 60_000);
    expect(second).toMatchObject({ status: 'SUCCEEDED', rowsRead: 25, rowsChanged: 0 });
  }, 120_000);
});

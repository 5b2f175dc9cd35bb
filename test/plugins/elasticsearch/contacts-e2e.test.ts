import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { Plugin } from '../../../src/plugins/contract';
import { elasticsearchSource } from '../../../src/plugins/sources/elasticsearch';
import { FAST_REQUESTS_PER_SECOND, fastPlugins, runToEnd, syncModelToContacts } from '../../helpers/sync-fixtures';
import { startFakeActiveCampaign, type FakeActiveCampaign } from '../../fakes/activecampaign';
import { startFakeElasticsearch, type FakeElasticsearch } from '../../fakes/elasticsearch';
import { startTestFerry, type TestFerry } from '../../helpers/ferry-server';

/** End to end: a model on an Elasticsearch index (the fake cluster) synced into the fake ActiveCampaign through the GraphQL API. */
describe('Elasticsearch → ActiveCampaign contacts, over the API', () => {
  let ferry: TestFerry;
  let ac: FakeActiveCampaign;
  let es: FakeElasticsearch;

  beforeAll(async () => {
    ac = await startFakeActiveCampaign({ requestsPerSecond: FAST_REQUESTS_PER_SECOND });
    es = await startFakeElasticsearch();
    es.addIndex({
      name: 'signups',
      mappings: { email: { type: 'keyword' }, name: { type: 'text' }, visits: { type: 'long' } },
      docs: Array.from({ length: 7 }, (_, i) => ({ email: `signup${i + 1}@example.com`, name: `Signup ${i + 1}`, visits: i })),
    });
    ferry = await startTestFerry({}, [elasticsearchSource as Plugin, ...fastPlugins]);
  }, 60_000);

  afterAll(async () => {
    await ferry?.stop();
    await es?.close();
    await ac?.close();
  });

  test('source, model (columns and preview), sync and run: every document becomes a contact; no cursor left open', async () => {
    const { createSource } = await ferry.client.data(
      `mutation($c: JSONObject!) { createSource(input: { name: "Search", type: "elasticsearch", config: $c }) { id } }`,
      {
        c: { url: es.url, username: es.user.username, password: es.user.password },
      },
    );
    const { createModel } = await ferry.client.data(
      `mutation($i: ModelInput!) { createModel(input: $i) { id columns { name type } preview(limit: 2) { rows truncated } } }`,
      {
        i: { name: 'Signups', sourceId: createSource.id, sql: 'SELECT email, name FROM signups' },
      },
    );
    expect(createModel.columns).toEqual([
      { name: 'email', type: 'keyword' },
      { name: 'name', type: 'text' },
    ]);
    expect(createModel.preview.rows).toEqual([
      { email: 'signup1@example.com', name: 'Signup 1' },
      { email: 'signup2@example.com', name: 'Signup 2' },
    ]);
    const syncId = await syncModelToContacts(ferry.client, createModel.id, ac, { mappings: [{ from: 'name', to: 'firstName' }], quiet: true });

    const run = await runToEnd(ferry.client, syncId);
    expect(run).toMatchObject({ status: 'SUCCEEDED', rowsRead: 7, rowsCreated: 7, rowsRejected: 0 });
    for (let i = 1; i <= 7; i += 1) expect(ac.state.findContactByEmail(`signup${i}@example.com`)?.firstName).toBe(`Signup ${i}`);
    expect(es.openCursors()).toBe(0);
  }, 60_000);

  test('a source with a wrong API key is refused when saved, naming the fix, and nothing is stored', async () => {
    const reply = await ferry.client.request(
      `mutation($c: JSONObject!) { createSource(input: { name: "Bad key", type: "elasticsearch", config: $c }) { id } }`,
      {
        c: { url: es.url, apiKey: Buffer.from('nobody:wrong').toString('base64') },
      },
    );
    expect(reply.errors?.[0]).toMatchObject({
      message: expect.stringMatching(/refused the credentials \(unable to authenticate.*\): check apiKey/),
      extensions: { code: 'CONNECTION_FAILED' },
    });
    const { sources } = await ferry.client.data(`query { sources { name } }`);
    expect(sources.map((s: { name: string }) => s.name)).not.toContain('Bad key');
  }, 30_000);
});

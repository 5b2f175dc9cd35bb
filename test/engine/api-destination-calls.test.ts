import assert from 'node:assert/strict';
import { afterAll, beforeAll, describe, test } from '@jest/globals';
import { startFakeActiveCampaign, type FakeActiveCampaign } from '../fakes/activecampaign';
import { startTestFerry, type TestFerry } from '../helpers/ferry-server';
import { enginePlugins } from '../helpers/sync-fixtures';

describe("the API's own destination calls", () => {
  let ferry: TestFerry;
  let fake: FakeActiveCampaign;

  beforeAll(async () => {
    // ActiveCampaign's real limit: 5 requests in any second, the same budget the plugin declares.
    fake = await startFakeActiveCampaign();
    ferry = await startTestFerry({}, enginePlugins);
  });

  afterAll(async () => {
    await ferry?.stop();
    await fake?.close();
  });

  test("object discovery goes through the engine's rate limiter: bursts of Destination.objects stay within the account's limit", async () => {
    const { createDestination } = await ferry.client.data(
      `mutation($c: JSONObject!) { createDestination(input: { name: "AC", type: "activecampaign", config: $c }) { id } }`,
      {
        c: { apiUrl: fake.url, apiKey: fake.apiKey },
      },
    );
    fake.requests.clear(); // right after the connection test of createDestination, with no quiet second between
    const query = `query($id: ID!) { destination(id: $id) { objects { key } } }`;
    const replies = await Promise.all(Array.from({ length: 6 }, () => ferry.client.data(query, { id: createDestination.id })));
    for (const reply of replies) assert.ok(reply.destination.objects.some((object: { key: string }) => object.key === 'contact'));
    assert.ok(fake.requests.count > 5, `the burst needs more requests (${fake.requests.count}) than one second allows`);
    assert.equal(fake.requests.entries.filter((entry) => entry.status === 429).length, 0, 'no request was refused for the rate');
    assert.ok(fake.requests.maxRequestsInAnyWindow() <= 5, `at most 5 requests in any second, saw ${fake.requests.maxRequestsInAnyWindow()}`);
  });
});

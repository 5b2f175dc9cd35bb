import assert from 'node:assert/strict';
import { afterAll, beforeAll, describe, test } from '@jest/globals';
import { randomApiKey } from '../fakes/activecampaign/options';
import { startFakeActiveCampaign, type FakeActiveCampaign } from '../fakes/activecampaign';
import { startTestFerry, type TestFerry } from '../helpers/ferry-server';
import {
  contactSyncSpec,
  createSync,
  enginePlugins,
  quietAccount,
  startWarehouse,
  trigger,
  waitForRun,
  type Warehouse,
} from '../helpers/sync-fixtures';
import { apiMetricsUrl, scrape, type Scrape } from './scrape';

/**
 * Another integration on the same ActiveCampaign account (the fake's second key) calling ten times a second,
 * over the account's 5: the account's window stays full, so Ferry's next request gets the fake's own 429. Starts
 * once the window is full and stops as soon as one of Ferry's requests (key 0) got a 429.
 */
function noisyNeighbour(fake: FakeActiveCampaign, since: number) {
  let stopped = false;
  const ferryGot429 = () => fake.requests.entries.slice(since).some((entry) => entry.keyIndex === 0 && entry.status === 429);
  const calls = (async () => {
    const deadline = Date.now() + 20_000;
    while (!stopped && !ferryGot429() && Date.now() < deadline) {
      await fetch(`${fake.url}/api/3/users/me`, { headers: { 'Api-Token': fake.apiKeys[1] } }).then((response) => response.arrayBuffer());
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  })();
  const accepted = () => fake.requests.entries.slice(since).filter((entry) => entry.keyIndex === 1 && entry.status === 200).length;
  return {
    /** Resolves once the neighbour has used the account's whole budget for the second. */
    windowFull: async () => {
      while (accepted() < 5) await new Promise((resolve) => setTimeout(resolve, 20));
    },
    stop: async () => {
      stopped = true;
      await calls;
      return ferryGot429();
    },
  };
}

describe('metrics change as a run goes', () => {
  let fake: FakeActiveCampaign;
  let warehouse: Warehouse;
  let ferry: TestFerry;
  let syncId: string;

  beforeAll(async () => {
    fake = await startFakeActiveCampaign({ apiKeys: [randomApiKey(), randomApiKey()], requestsPerSecond: 5, bulkImport: { processingDelayMs: 20 } });
    fake.state.addExclusion('excluded@example.com');
    fake.state.addContact({ email: 'person1@example.com', firstName: 'Old name' });
    warehouse = await startWarehouse();
    await warehouse.client.query(`
      CREATE TABLE people AS
        SELECT 'person' || g || '@example.com' AS email, 'Person ' || g AS first_name FROM generate_series(1, 5) g
        UNION ALL SELECT 'excluded@example.com', 'Excluded'`);
    ferry = await startTestFerry({}, enginePlugins);
    ({ syncId } = await createSync(
      ferry.client,
      contactSyncSpec(warehouse, fake, {
        sql: 'SELECT email, first_name FROM people ORDER BY email',
        mappings: [{ from: 'first_name', to: 'firstName' }],
      }),
    ));
  });

  afterAll(async () => {
    await ferry?.stop();
    await fake?.close();
    await warehouse?.close();
  });

  test('runs, rows, destination requests by status (a 429 and its retry included) and limiter waits, read before and after a run', async () => {
    await quietAccount(fake);
    const url = apiMetricsUrl(ferry.url);
    const before = await scrape(url, ferry.token);
    const since = fake.requests.count;
    const neighbour = noisyNeighbour(fake, since);
    await neighbour.windowFull();
    const started = Date.now();
    const queued = await trigger(ferry.client, syncId);
    const run = await waitForRun(ferry.client, queued.id);
    const wallSeconds = (Date.now() - started) / 1_000;
    assert.equal(await neighbour.stop(), true, "the neighbour's calls made the fake answer one of Ferry's requests with a 429");
    const after = await scrape(url, ferry.token);

    // The run as it reported itself: one contact updated, four created, the excluded one rejected.
    assert.equal(run.status, 'PARTIAL', JSON.stringify(run));
    assert.deepEqual([run.rowsRead, run.rowsCreated, run.rowsUpdated, run.rowsRejected], [6, 4, 1, 1]);

    const gain = (name: string, labels: Record<string, string> = {}) => after.gain(before, name, labels);
    assert.equal(gain('ferry_runs_total', { status: 'PARTIAL', trigger: 'MANUAL' }), 1);
    for (const { labels } of after.series('ferry_runs_total'))
      if (labels.status !== 'PARTIAL' || labels.trigger !== 'MANUAL') assert.equal(gain('ferry_runs_total', labels), 0, JSON.stringify(labels));
    assert.equal(gain('ferry_run_duration_seconds_count', { status: 'PARTIAL' }), 1);
    const duration = gain('ferry_run_duration_seconds_sum', { status: 'PARTIAL' });
    assert.ok(duration > 0 && duration <= wallSeconds, `run duration ${duration} s within the ${wallSeconds} s the test waited`);

    assert.equal(gain('ferry_rows_read_total'), run.rowsRead);
    assert.equal(gain('ferry_rows_changed_total'), run.rowsChanged);
    assert.equal(gain('ferry_rows_unchanged_total'), run.rowsUnchanged);
    assert.equal(gain('ferry_rows_created_total'), run.rowsCreated);
    assert.equal(gain('ferry_rows_updated_total'), run.rowsUpdated);
    assert.equal(gain('ferry_rows_rejected_total'), run.rowsRejected);

    // Every attempt the fake saw from Ferry's key, by status, is counted once under the account's label.
    const account = `activecampaign:${new URL(fake.url).host}`;
    const seen = new Map<string, number>();
    for (const entry of fake.requests.entries.slice(since).filter((e) => e.keyIndex === 0))
      seen.set(String(entry.status), (seen.get(String(entry.status)) ?? 0) + 1);
    assert.ok((seen.get('429') ?? 0) >= 1);
    const counted = new Map(
      after
        .series('ferry_destination_requests_total')
        .filter(({ labels }) => labels.account === account)
        .map(({ labels }) => [labels.status, gain('ferry_destination_requests_total', labels)] as const)
        .filter(([, gained]) => gained > 0),
    );
    assert.deepEqual(counted, seen);
    // Each 429 was tried again, and nothing else was.
    assert.equal(gain('ferry_destination_retries_total', { account, status: '429' }), seen.get('429'));
    const retries = after
      .series('ferry_destination_retries_total')
      .reduce((sum, { labels }) => sum + gain('ferry_destination_retries_total', labels), 0);
    assert.equal(retries, seen.get('429'));
    // Every attempt waited for the limiter first, once (how long is asserted in destination-requests.test.ts).
    const attempts = [...seen.values()].reduce((sum, n) => sum + n, 0);
    assert.equal(gain('ferry_destination_rate_limit_wait_seconds_count', { account }), attempts);
  }, 60_000);
});

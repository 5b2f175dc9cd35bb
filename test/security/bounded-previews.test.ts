import assert from 'node:assert/strict';
import { afterAll, beforeAll, describe, test } from '@jest/globals';
import { postgresSourceConfig, startTestFerry, type TestFerry } from '../helpers/ferry-server';
import { startFakeActiveCampaign, type FakeActiveCampaign } from '../fakes/activecampaign';
import { contactSyncSpec, createSync, startWarehouse, type Warehouse } from '../helpers/sync-fixtures';

describe('previews and discovery started from the API are bounded', () => {
  let ferry: TestFerry;
  let warehouse: Warehouse;
  let sourceId: string;
  beforeAll(async () => {
    warehouse = await startWarehouse();
    ferry = await startTestFerry({
      FERRY_ROLE: 'api',
      FERRY_MAX_PLUGIN_CALLS_PER_REQUEST: '3',
      FERRY_PLUGIN_CALL_TIMEOUT_SECONDS: '1',
      FERRY_PREVIEW_MAX_VALUE_BYTES: '1000',
      FERRY_PREVIEW_MAX_BYTES: '5000',
    });
    const { createSource } = await ferry.client.data(
      `mutation($c: JSONObject!) { createSource(input: { name: "Warehouse", type: "postgres", config: $c }) { id } }`,
      {
        c: postgresSourceConfig(warehouse.url),
      },
    );
    sourceId = createSource.id;
  });
  afterAll(async () => {
    await ferry?.stop();
    await warehouse?.close();
  });

  /** Ferry's statements running on the warehouse (the plugin names its connections "ferry"). */
  const sleeping = () =>
    warehouse.client
      .query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = 'ferry' AND state = 'active' AND datname = current_database()`)
      .then((r) => r.rows[0].n as number);

  test('one request may start at most FERRY_MAX_PLUGIN_CALLS_PER_REQUEST plugin calls; the rest are refused', async () => {
    const aliases = Array.from({ length: 8 }, (_, i) => `s${i}: source(id: $id) { tables { name } }`).join(' ');
    const result = await ferry.client.request(`query($id: ID!) { ${aliases} }`, { id: sourceId });
    const refused = (result.errors ?? []).filter((error: any) => error.extensions?.code === 'TOO_MANY_PLUGIN_CALLS');
    assert.equal(refused.length, 5);
    assert.match(refused[0].message, /FERRY_MAX_PLUGIN_CALLS_PER_REQUEST/);
    assert.equal(Object.values(result.data ?? {}).filter(Boolean).length, 3);
  });

  test('at most FERRY_MAX_PLUGIN_CALLS_PER_SOURCE calls run on one source at once, whoever asks; more are refused', async () => {
    const crowded = await startTestFerry({ FERRY_ROLE: 'api', FERRY_MAX_PLUGIN_CALLS_PER_SOURCE: '2', FERRY_PLUGIN_CALL_TIMEOUT_SECONDS: '60' });
    try {
      const { createSource } = await crowded.client.data(
        `mutation($c: JSONObject!) { createSource(input: { name: "Crowded", type: "postgres", config: $c }) { id } }`,
        { c: postgresSourceConfig(warehouse.url) },
      );
      const preview = () =>
        crowded.client.request(`query($id: ID!) { previewQuery(sourceId: $id, sql: "SELECT pg_sleep(2)") { rows } }`, { id: createSource.id });
      // Two requests, each one call: both run.
      const running = [preview(), preview()];
      for (let until = Date.now() + 10_000; (await sleeping()) < 2 && Date.now() < until;) await new Promise((resolve) => setTimeout(resolve, 20));
      assert.equal(await sleeping(), 2);
      // A third, from another request, is refused at once rather than opening a third connection.
      const third = await preview();
      assert.equal(third.errors?.[0]?.extensions?.code, 'TOO_MANY_PLUGIN_CALLS');
      assert.match(third.errors?.[0]?.message, /Source "Crowded" already has 2 previews or lookups running \(FERRY_MAX_PLUGIN_CALLS_PER_SOURCE\)/);
      assert.ok((await sleeping()) <= 2);
      for (const answer of await Promise.all(running)) assert.equal(answer.errors, undefined);
    } finally {
      await crowded.stop();
    }
  }, 30_000);

  test('a preview that runs too long ends with TIMEOUT, not an internal error, and its query stops', async () => {
    const error = await ferry.client.error(`query($id: ID!) { previewQuery(sourceId: $id, sql: "SELECT pg_sleep(7)") { rows } }`, { id: sourceId });
    assert.equal(error.code, 'TIMEOUT');
    assert.match(error.message, /Source "Warehouse" .* did not answer within 1 s \(FERRY_PLUGIN_CALL_TIMEOUT_SECONDS\)/);
    for (let i = 0; i < 40 && (await sleeping()) > 0; i += 1) await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(await sleeping(), 0);
  });

  test('values and previews are capped in bytes, and the answer says what was cut', async () => {
    const { previewQuery } = await ferry.client.data(
      `query($id: ID!) { previewQuery(sourceId: $id, sql: "SELECT g, repeat('x', 200000) AS big FROM generate_series(1, 20) g", limit: 20) { rows truncated truncation } }`,
      { id: sourceId },
    );
    assert.ok(previewQuery.rows.length < 20 && previewQuery.rows.length >= 1);
    assert.ok(previewQuery.rows[0].big.length <= 1001);
    assert.equal(previewQuery.truncated, true);
    assert.match(
      previewQuery.truncation,
      /value\(s\) over 1000 bytes cut \(FERRY_PREVIEW_MAX_VALUE_BYTES\); \d+ row\(s\) left out past 5000 bytes \(FERRY_PREVIEW_MAX_BYTES\)/,
    );
  });

  test("a client that disconnects stops its preview's query on the source", async () => {
    // A Ferry whose time limit cannot be what stops the query: only the client's leaving can, within the test.
    const patient = await startTestFerry({ FERRY_ROLE: 'api', FERRY_PLUGIN_CALL_TIMEOUT_SECONDS: '60' });
    try {
      const { createSource } = await patient.client.data(
        `mutation($c: JSONObject!) { createSource(input: { name: "Warehouse", type: "postgres", config: $c }) { id } }`,
        { c: postgresSourceConfig(warehouse.url) },
      );
      const slow = new AbortController();
      const request = fetch(patient.url, {
        method: 'POST',
        headers: { authorization: `Bearer ${patient.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ query: `{ previewQuery(sourceId: "${createSource.id}", sql: "SELECT pg_sleep(30)") { rows } }` }),
        signal: slow.signal,
      }).catch(() => 'aborted');
      const waitFor = async (done: (running: number) => boolean, ms: number) => {
        const until = Date.now() + ms;
        while (!done(await sleeping()) && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 20));
      };
      await waitFor((running) => running > 0, 10_000);
      assert.equal(await sleeping(), 1, 'the query is running');
      const leftAt = Date.now();
      slow.abort();
      assert.equal(await request, 'aborted');
      await waitFor((running) => running === 0, 10_000);
      assert.equal(await sleeping(), 0, 'the query stopped');
      assert.ok(Date.now() - leftAt < 5_000, `stopped ${Date.now() - leftAt} ms after the client left (its time limit was 60 s, its sleep 30 s)`);
    } finally {
      await patient.stop();
    }
  }, 30_000);

  describe('previewSync', () => {
    let fake: FakeActiveCampaign;
    beforeAll(async () => {
      fake = await startFakeActiveCampaign({ requestsPerSecond: 50 });
    });
    afterAll(async () => {
      await fake?.close();
    });

    /** A sync whose model sleeps `seconds` on the warehouse before its one row. */
    const slowSync = (client: TestFerry['client'], seconds: number) =>
      createSync(
        client,
        contactSyncSpec(warehouse, fake, {
          sql: `SELECT 'slow@example.com' AS email, 'Slow' AS first_name FROM pg_sleep(${seconds})`,
          mappings: [{ from: 'first_name', to: 'firstName' }],
        }),
      );

    test('a sync preview that runs past FERRY_SYNC_PREVIEW_TIMEOUT_SECONDS ends with TIMEOUT naming it, and its query stops', async () => {
      const quick = await startTestFerry({ FERRY_ROLE: 'api', FERRY_SYNC_PREVIEW_TIMEOUT_SECONDS: '1', FERRY_PLUGIN_CALL_TIMEOUT_SECONDS: '60' });
      try {
        const { syncId } = await slowSync(quick.client, 30);
        const startedAt = Date.now();
        const error = await quick.client.error(`query($id: ID!) { previewSync(id: $id) { rowsRead } }`, { id: syncId });
        assert.equal(error.code, 'TIMEOUT');
        assert.match(error.message, /The preview of sync ".*" did not finish within 1 s \(FERRY_SYNC_PREVIEW_TIMEOUT_SECONDS\)/);
        assert.ok(Date.now() - startedAt < 10_000, `answered after ${Date.now() - startedAt} ms`);
        for (let i = 0; i < 100 && (await sleeping()) > 0; i += 1) await new Promise((resolve) => setTimeout(resolve, 50));
        assert.equal(await sleeping(), 0, "the model's query stopped");
      } finally {
        await quick.stop();
      }
    }, 30_000);

    test("a client that disconnects stops its sync preview's query on the source", async () => {
      const patient = await startTestFerry({ FERRY_ROLE: 'api', FERRY_SYNC_PREVIEW_TIMEOUT_SECONDS: '60' });
      try {
        const { syncId } = await slowSync(patient.client, 30);
        const leaving = new AbortController();
        const request = fetch(patient.url, {
          method: 'POST',
          headers: { authorization: `Bearer ${patient.token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ query: `{ previewSync(id: "${syncId}") { rowsRead } }` }),
          signal: leaving.signal,
        }).catch(() => 'aborted');
        for (let until = Date.now() + 10_000; (await sleeping()) === 0 && Date.now() < until;)
          await new Promise((resolve) => setTimeout(resolve, 20));
        assert.equal(await sleeping(), 1, 'the preview is reading the model');
        const leftAt = Date.now();
        leaving.abort();
        assert.equal(await request, 'aborted');
        for (let until = Date.now() + 10_000; (await sleeping()) > 0 && Date.now() < until;) await new Promise((resolve) => setTimeout(resolve, 20));
        assert.equal(await sleeping(), 0, 'the query stopped');
        assert.ok(Date.now() - leftAt < 5_000, `stopped ${Date.now() - leftAt} ms after the client left (time limit 60 s, sleep 30 s)`);
      } finally {
        await patient.stop();
      }
    }, 30_000);
  });
});

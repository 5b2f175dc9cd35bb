import assert from 'node:assert/strict';
import { afterAll, beforeAll, describe, test } from '@jest/globals';
import { startFakeActiveCampaign, type FakeActiveCampaign } from '../fakes/activecampaign';
import { startTestFerry, type TestFerry } from '../helpers/ferry-server';
import {
  FAST_REQUESTS_PER_SECOND,
  IMPORT_RATE_LIMIT_PAUSE_MS,
  contactSyncSpec,
  createSync,
  fastPlugins,
  runToEnd,
  snapshotKeys,
  startWarehouse,
  type Warehouse,
} from '../helpers/sync-fixtures';

describe('runs through faults: nothing lost, nothing duplicated, failures worded for the user', () => {
  let ferry: TestFerry;
  let fake: FakeActiveCampaign;
  let warehouse: Warehouse;

  beforeAll(async () => {
    fake = await startFakeActiveCampaign({ requestsPerSecond: FAST_REQUESTS_PER_SECOND, bulkImport: { processingDelayMs: 20 } });
    warehouse = await startWarehouse();
    await warehouse.client.query(
      `CREATE TABLE people AS SELECT 'f' || g || '@example.com' AS email, 'F ' || g AS first_name FROM generate_series(1, 600) g`,
    );
    ferry = await startTestFerry({}, fastPlugins);
  });

  afterAll(async () => {
    await ferry?.stop();
    await fake?.close();
    await warehouse?.close();
  });

  const spec = () =>
    contactSyncSpec(warehouse, fake, { sql: 'SELECT email, first_name FROM people', mappings: [{ from: 'first_name', to: 'firstName' }] });

  test('503s, an HTML 504, a reset, 429s and a lost reply during a run: every contact arrives exactly once', async () => {
    const { syncId } = await createSync(ferry.client, spec());
    const faults = [
      fake.faults.inject({ method: 'POST', path: '/import/bulk_import', fault: { type: 'service-unavailable' }, times: 1 }),
      fake.faults.inject({ method: 'GET', path: '/import/info', fault: { type: 'gateway-timeout' }, times: 2 }),
      fake.faults.inject({ method: 'GET', path: '/lists/exclusions', fault: { type: 'reset' }, times: 1 }),
      fake.faults.inject({ method: 'POST', path: '/import/bulk_import', fault: { type: 'reply-lost' }, times: 1, every: 2 }),
      fake.faults.inject({ method: 'POST', path: '/import/bulk_import', fault: { type: 'rate-limit', retryAfterSeconds: 1 }, times: 1, every: 3 }),
    ];
    const run = await runToEnd(ferry.client, syncId);
    for (const fault of faults) assert.ok(fault.applied >= 1, `fault ${JSON.stringify(fault.rule.fault)} fired`);
    assert.equal(run.status, 'SUCCEEDED', JSON.stringify(run));
    assert.equal(run.rowsRejected, 0);
    assert.equal(run.rowsCreated + run.rowsUpdated, 600);
    assert.equal(fake.state.counts().contacts, 600, 'no contact is missing or duplicated');
    for (let i = 1; i <= 600; i += 1) assert.ok(fake.state.findContactByEmail(`f${i}@example.com`), `f${i} arrived`);
    assert.equal((await snapshotKeys(ferry, syncId)).length, 600);
    const statuses = new Set(fake.requests.entries.map((e) => e.status));
    assert.ok(statuses.has(503) && statuses.has(504) && statuses.has(429), 'the faults were really answered');
  });

  test("the importer's own rate limit (a 400): the engine waits the pause it asks for and sends the batch again; past the run's three pauses the batch is rejected as retryable", async () => {
    await warehouse.client.query(`CREATE TABLE busy AS SELECT 'b' || g || '@example.com' AS email FROM generate_series(1, 40) g`);
    const { syncId } = await createSync(ferry.client, { ...spec(), sql: 'SELECT email FROM busy', mappings: [] });
    const busyBody = {
      success: 0,
      message: 'Rate limit exceeded.',
      failureReasons: [
        'Up to 100 imports may be requested per minute.Please batch contacts into larger requests, or retry this request in a minute.',
      ],
    };
    const imports = () => fake.requests.entries.filter((e) => e.method === 'POST' && e.path.endsWith('/import/bulk_import'));
    const before = imports().length;
    const once = fake.faults.inject({
      method: 'POST',
      path: '/import/bulk_import',
      fault: { type: 'response', status: 400, body: busyBody },
      times: 1,
    });
    const run = await runToEnd(ferry.client, syncId).finally(() => once.remove());
    assert.equal(once.applied, 1);
    assert.equal(run.status, 'SUCCEEDED', JSON.stringify(run));
    assert.deepEqual([run.rowsCreated, run.rowsRejected], [40, 0], 'nothing rejected: the batch went again');
    const posts = imports().slice(before);
    assert.equal(posts.length, 2, 'the refused import and the one after the pause');
    assert.ok(posts[1].time - posts[0].time >= IMPORT_RATE_LIMIT_PAUSE_MS, `it waited the pause (${posts[1].time - posts[0].time} ms)`);

    await warehouse.client.query(`UPDATE busy SET email = upper(email)`);
    const always = fake.faults.inject({ method: 'POST', path: '/import/bulk_import', fault: { type: 'response', status: 400, body: busyBody } });
    const refused = await runToEnd(ferry.client, syncId).finally(() => always.remove());
    assert.equal(always.applied, 4, "the first try and one after each of the run's three pauses");
    assert.equal(refused.status, 'PARTIAL', JSON.stringify(refused));
    assert.equal(refused.rowsRejected, 40);
    const { syncRun } = await ferry.client.data(`query($id: ID!) { syncRun(id: $id) { rejectedRows(first: 1) { edges { node { reason } } } } }`, {
      id: refused.id,
    });
    assert.match(syncRun.rejectedRows.edges[0].node.reason, /bulk importer is busy: Rate limit exceeded/);
  });

  test('a batch the destination fails after every retry is rejected as retryable and the next run sends it', async () => {
    await warehouse.client.query(`CREATE TABLE few AS SELECT 'w' || g || '@example.com' AS email FROM generate_series(1, 30) g`);
    const { syncId } = await createSync(ferry.client, { ...spec(), sql: 'SELECT email FROM few', mappings: [] });
    const outage = fake.faults.inject({ method: 'POST', path: '/import/bulk_import', fault: { type: 'server-error' } });
    const failed = await runToEnd(ferry.client, syncId, false, 60_000);
    outage.remove();
    assert.equal(failed.status, 'PARTIAL', JSON.stringify(failed));
    assert.equal(failed.rowsRejected, 30);
    const { syncRun } = await ferry.client.data(`query($id: ID!) { syncRun(id: $id) { rejectedRows(first: 1) { edges { node { reason } } } } }`, {
      id: failed.id,
    });
    assert.match(syncRun.rejectedRows.edges[0].node.reason, /500/);
    const retried = await runToEnd(ferry.client, syncId);
    assert.equal(retried.status, 'SUCCEEDED');
    assert.equal(retried.rowsCreated, 30);
  }, 30_000);

  test('refused credentials on every write end the run FAILED with the reason', async () => {
    await warehouse.client.query(`CREATE TABLE keyed AS SELECT 'k' || g || '@example.com' AS email FROM generate_series(1, 30) g`);
    const { syncId } = await createSync(ferry.client, { ...spec(), sql: 'SELECT email FROM keyed', mappings: [] });
    const refused = fake.faults.inject({
      method: 'GET',
      path: '/lists/exclusions',
      fault: { type: 'response', status: 403, body: { message: 'Forbidden' } },
    });
    const run = await runToEnd(ferry.client, syncId);
    refused.remove();
    assert.equal(run.status, 'FAILED');
    assert.match(run.error!, /refused the write: ActiveCampaign rejected the API key/);
    assert.equal(run.rowsCreated, 0);
  });

  test('a model whose SQL fails ends the run FAILED naming the model and the database error', async () => {
    await warehouse.client.query(`CREATE TABLE doomed AS SELECT 'd1@example.com' AS email`);
    const { syncId } = await createSync(ferry.client, { ...spec(), sql: 'SELECT email FROM doomed', mappings: [], name: 'Doomed' });
    await warehouse.client.query(`DROP TABLE doomed`);
    const run = await runToEnd(ferry.client, syncId);
    assert.equal(run.status, 'FAILED');
    assert.match(run.error!, /^Could not read the model "Doomed" from the source "Warehouse" \(PostgreSQL\): .*relation "doomed" does not exist/);
  });
});

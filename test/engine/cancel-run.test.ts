import assert from 'node:assert/strict';
import { afterAll, beforeAll, describe, test } from '@jest/globals';
import { startFakeActiveCampaign, type FakeActiveCampaign } from '../fakes/activecampaign';
import { startTestFerry, type TestFerry } from '../helpers/ferry-server';
import {
  FAST_REQUESTS_PER_SECOND,
  contactSyncSpec,
  createSync,
  fastPlugins,
  runState,
  runToEnd,
  snapshotKeys,
  startWarehouse,
  trigger,
  waitForRun,
  type Warehouse,
} from '../helpers/sync-fixtures';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const cancel = `mutation($id: ID!) { cancelSyncRun(id: $id) { id status finishedAt startedAt } }`;

describe('cancelSyncRun', () => {
  let ferry: TestFerry;
  let fake: FakeActiveCampaign;
  let warehouse: Warehouse;
  let syncId: string;
  let smallSyncId: string;

  beforeAll(async () => {
    fake = await startFakeActiveCampaign({ requestsPerSecond: FAST_REQUESTS_PER_SECOND, bulkImport: { processingDelayMs: 20 } });
    // Slow import status replies keep the run busy long enough to cancel it half way.
    fake.faults.inject({ method: 'GET', path: '/import/info', fault: { type: 'latency', ms: 300 } });
    fake.faults.inject({ method: 'POST', path: '/import/bulk_import', fault: { type: 'latency', ms: 700 } });
    warehouse = await startWarehouse();
    await warehouse.client.query(
      `CREATE TABLE people AS SELECT 'c' || g || '@example.com' AS email, 'C ' || g AS first_name FROM generate_series(1, 3000) g`,
    );
    // One run at a time on this worker, so a second sync's run waits in the queue.
    ferry = await startTestFerry({ FERRY_WORKER_CONCURRENCY: '1' }, fastPlugins);
    const spec = contactSyncSpec(warehouse, fake, {
      sql: 'SELECT email, first_name FROM people ORDER BY email',
      mappings: [{ from: 'first_name', to: 'firstName' }],
    });
    ({ syncId } = await createSync(ferry.client, spec));
    ({ syncId: smallSyncId } = await createSync(ferry.client, { ...spec, sql: 'SELECT email, first_name FROM people LIMIT 3', name: 'small' }));
  });

  afterAll(async () => {
    await ferry?.stop();
    await fake?.close();
    await warehouse?.close();
  });

  test('a queued run is cancelled at once and never starts', async () => {
    const running = await trigger(ferry.client, syncId);
    await waitForRun(ferry.client, running.id, (run) => run.status === 'RUNNING');
    const queued = await trigger(ferry.client, smallSyncId);
    assert.equal(queued.status, 'QUEUED');
    const { cancelSyncRun } = await ferry.client.data(cancel, { id: queued.id });
    assert.equal(cancelSyncRun.status, 'CANCELLED');
    assert.ok(cancelSyncRun.finishedAt);
    await ferry.client.data(cancel, { id: running.id });
    await waitForRun(ferry.client, running.id);
    await sleep(1_500); // time enough for the worker to pick the queued job, had it not been cancelled
    const after = await runState(ferry.client, queued.id);
    assert.equal(after.status, 'CANCELLED');
    assert.equal(after.startedAt, null, 'the cancelled run never started');
    const { cancelSyncRun: again } = await ferry.client.data(cancel, { id: queued.id });
    assert.equal(again.status, 'CANCELLED', 'cancelling an ended run returns it as it stands');
  });

  test('a running run stops within 2 seconds; what was confirmed stays in the snapshot and the next run sends the rest', async () => {
    const before = (await snapshotKeys(ferry, syncId)).length;
    const run = await trigger(ferry.client, syncId);
    await waitForRun(ferry.client, run.id, (state) => state.status === 'RUNNING' && state.rowsCreated + state.rowsUpdated > 0);
    const cancelledAt = Date.now();
    const { cancelSyncRun } = await ferry.client.data(cancel, { id: run.id });
    assert.equal(cancelSyncRun.status, 'CANCELLED');

    await sleep(2_500);
    const late = fake.requests.entries.filter((entry) => entry.time > cancelledAt + 2_000);
    assert.deepEqual(late, [], 'no request reached ActiveCampaign more than 2 s after the cancel');
    const final = await runState(ferry.client, run.id);
    assert.equal(final.status, 'CANCELLED');
    assert.ok(final.rowsRead < 3000 || final.rowsCreated + final.rowsUpdated < 3000 - before, `the run did not finish: ${JSON.stringify(final)}`);
    const kept = (await snapshotKeys(ferry, syncId)).length;
    assert.equal(kept, before + final.rowsCreated + final.rowsUpdated, 'every confirmed record is in the snapshot, and only those');

    const next = await runToEnd(ferry.client, syncId);
    assert.equal(next.status, 'SUCCEEDED', JSON.stringify(next));
    assert.equal(next.rowsUnchanged, kept, 'the next run skips what was confirmed');
    assert.equal(next.rowsChanged, 3000 - kept, 'and sends the rest');
    assert.equal(fake.state.counts().contacts, 3000, 'every contact exists exactly once');
    assert.equal((await snapshotKeys(ferry, syncId)).length, 3000);
  }, 30_000);
});

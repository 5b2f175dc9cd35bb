import assert from 'node:assert/strict';
import { afterAll, beforeAll, describe, test } from '@jest/globals';
import { startFakeActiveCampaign, type FakeActiveCampaign } from '../fakes/activecampaign';
import { startTestFerry, type TestFerry } from '../helpers/ferry-server';
import { collectSubscription } from '../helpers/graphql-client';
import {
  FAST_REQUESTS_PER_SECOND,
  contactSyncSpec,
  createSync,
  fastPlugins,
  startWarehouse,
  trigger,
  type Warehouse,
} from '../helpers/sync-fixtures';

interface RunEvent {
  id: string;
  status: string;
  progress: number;
  rowsRead: number;
  rowsCreated: number;
  estimatedSecondsLeft: number | null;
}

const terminal = new Set(['SUCCEEDED', 'PARTIAL', 'FAILED', 'CANCELLED']);

describe('run progress over GraphQL subscriptions (WebSocket)', () => {
  let ferry: TestFerry;
  let fake: FakeActiveCampaign;
  let warehouse: Warehouse;
  let syncId: string;
  let otherSyncId: string;

  beforeAll(async () => {
    fake = await startFakeActiveCampaign({ requestsPerSecond: FAST_REQUESTS_PER_SECOND, bulkImport: { processingDelayMs: 20 } });
    // Slow imports, so the run lasts a few seconds and reports progress on the way.
    fake.faults.inject({ method: 'POST', path: '/import/bulk_import', fault: { type: 'latency', ms: 600 } });
    fake.faults.inject({ method: 'GET', path: '/import/info', fault: { type: 'latency', ms: 300 } });
    warehouse = await startWarehouse();
    await warehouse.client.query(
      `CREATE TABLE people AS SELECT 'sub' || g || '@example.com' AS email, 'Sub ' || g AS first_name FROM generate_series(1, 3000) g`,
    );
    ferry = await startTestFerry({ FERRY_WORKER_CONCURRENCY: '2' }, fastPlugins);
    const spec = contactSyncSpec(warehouse, fake, {
      sql: 'SELECT email, first_name FROM people',
      mappings: [{ from: 'first_name', to: 'firstName' }],
    });
    ({ syncId } = await createSync(ferry.client, spec));
    ({ syncId: otherSyncId } = await createSync(ferry.client, { ...spec, sql: 'SELECT email, first_name FROM people LIMIT 5', name: 'other' }));
  });

  afterAll(async () => {
    await ferry?.stop();
    await fake?.close();
    await warehouse?.close();
  });

  test('syncRunUpdated streams the run as it progresses and completes after its terminal status', async () => {
    const socket = ferry.client.webSocket();
    const allRuns = collectSubscription<{ syncRunsUpdated: RunEvent }>(
      socket,
      `subscription { syncRunsUpdated { id status progress rowsRead rowsCreated } }`,
      {},
    );
    const ofSync = collectSubscription<{ syncRunsUpdated: RunEvent }>(
      socket,
      `subscription($s: ID) { syncRunsUpdated(syncId: $s) { id status progress rowsRead rowsCreated } }`,
      { s: syncId },
    );
    const ofOther = collectSubscription<{ syncRunsUpdated: RunEvent }>(socket, `subscription($s: ID) { syncRunsUpdated(syncId: $s) { id status } }`, {
      s: otherSyncId,
    });
    await new Promise((resolve) => setTimeout(resolve, 300)); // let the subscriptions start listening

    const run = await trigger(ferry.client, syncId);
    const stream = collectSubscription<{ syncRunUpdated: RunEvent }>(
      socket,
      `subscription($id: ID!) { syncRunUpdated(runId: $id) { id status progress rowsRead rowsCreated estimatedSecondsLeft } }`,
      { id: run.id },
    );
    const events = (await stream.done).map((e) => e.syncRunUpdated);
    // The other subscriptions get the same notifications independently: give them a moment to catch up.
    const sawEnd = (events: Array<{ syncRunsUpdated: RunEvent }>) =>
      events.some((e) => e.syncRunsUpdated.id === run.id && e.syncRunsUpdated.status === 'SUCCEEDED');
    const seenDone = () => sawEnd(ofSync.events) && sawEnd(allRuns.events);
    for (let waited = 0; !seenDone() && waited < 3_000; waited += 50) await new Promise((resolve) => setTimeout(resolve, 50));
    await socket.dispose();

    assert.ok(events.length >= 3, `several updates, got ${JSON.stringify(events)}`);
    assert.ok(events.every((e) => e.id === run.id));
    const last = events.at(-1)!;
    assert.equal(last.status, 'SUCCEEDED', 'the stream ends with the terminal status, then completes');
    assert.equal(last.progress, 1);
    assert.equal(last.rowsCreated, 3000);
    assert.equal(events.filter((e) => terminal.has(e.status)).length, 1, 'nothing follows the terminal event');
    const running = events.filter((e) => e.status === 'RUNNING');
    assert.ok(
      running.some((e) => e.progress > 0 && e.progress < 1),
      `intermediate progress was streamed: ${JSON.stringify(events)}`,
    );
    for (let i = 1; i < events.length; i += 1) assert.ok(events[i].progress >= events[i - 1].progress, 'progress never goes back');
    assert.ok(
      new Set(running.map((e) => e.progress)).size >= 2,
      `progress moves while the run goes on: ${JSON.stringify(running.map((e) => e.progress))}`,
    );
    const estimates = running.map((e) => e.estimatedSecondsLeft).filter((seconds): seconds is number => seconds !== null);
    assert.ok(
      estimates.some((seconds) => seconds > 0),
      `a running run says how long it still needs: ${JSON.stringify(running)}`,
    );
    assert.equal(last.estimatedSecondsLeft, null, 'a finished run has no time left to estimate');

    const syncEvents = ofSync.events.map((e) => e.syncRunsUpdated);
    assert.ok(
      syncEvents.some((e) => e.id === run.id && e.status === 'RUNNING' && e.progress > 0 && e.progress < 1),
      'progress reaches the sync filter too',
    );
    assert.ok(syncEvents.some((e) => e.id === run.id && e.status === 'SUCCEEDED'));
    assert.ok(allRuns.events.some((e) => e.syncRunsUpdated.id === run.id && e.syncRunsUpdated.status === 'SUCCEEDED'));
    assert.deepEqual(ofOther.events, [], "another sync's filter sees none of this run");
  });
});

import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, test } from '@jest/globals';
import { RunTrigger } from '../../src/entities';
import { ActiveRuns } from '../../src/engine/workers/active-runs';
import { enginePool } from '../../src/engine/engine-pool';
import { SlidingWindowLimiter } from '../../src/engine/http';
import { HANDED_BACK, runSync, type RunDependencies } from '../../src/engine/run/run-sync';
import { startFakeActiveCampaign, type FakeActiveCampaign } from '../fakes/activecampaign';
import { startTestFerry, type TestFerry } from '../helpers/ferry-server';
import {
  createSync,
  enginePlugins,
  runState,
  runsOf,
  snapshotKeys,
  startWarehouse,
  trigger,
  waitForRun,
  type Warehouse,
} from '../helpers/sync-fixtures';

/** Twenty batches of 250: a run writes eight at once, so a stop finds batches it has not started. */
const CONTACTS = 5000;

/**
 * Stopping a Ferry (what SIGTERM does) while a run is writing: the run stops at a batch boundary, or is aborted
 * once the grace has passed, records where it stands, and a queued next run sends exactly what it did not.
 */
describe('graceful shutdown during a run', () => {
  let fake: FakeActiveCampaign;
  let warehouse: Warehouse;
  const secretKey = randomBytes(32).toString('base64');
  const ferries: TestFerry[] = [];

  const startFerry = async (env: Record<string, string> = {}) => {
    const ferry = await startTestFerry({ FERRY_SECRET_KEY: secretKey, ...env }, enginePlugins);
    ferries.push(ferry);
    return ferry;
  };

  const contactsInAccount = (prefix: string) => [...fake.state.contacts.values()].filter((c) => c.email.startsWith(prefix)).length;

  async function createPeopleSync(ferry: TestFerry, prefix: string, contacts = CONTACTS): Promise<string> {
    await warehouse.client.query(
      `CREATE TABLE ${prefix}_people AS SELECT '${prefix}' || g || '@example.com' AS email, 'P ' || g AS first_name FROM generate_series(1, ${contacts}) g`,
    );
    const { syncId } = await createSync(ferry.client, {
      warehouseUrl: warehouse.url,
      sql: `SELECT email, first_name FROM ${prefix}_people ORDER BY email`,
      destination: { apiUrl: fake.url, apiKey: fake.apiKey },
      syncKey: { column: 'email', field: 'email' },
      mappings: [{ from: 'first_name', to: 'firstName' }],
      name: prefix,
      fake,
    });
    return syncId;
  }

  /** The sync's runs other than `runId`. */
  const otherRuns = async (ferry: TestFerry, syncId: string, runId: string) =>
    (await runsOf(ferry.client, syncId)).filter((other) => other.id !== runId);

  beforeAll(async () => {
    fake = await startFakeActiveCampaign({ requestsPerSecond: 5, bulkImport: { processingDelayMs: 20 } });
    warehouse = await startWarehouse();
  });

  afterAll(async () => {
    for (const ferry of ferries) await ferry.stop();
    await fake?.close();
    await warehouse?.close();
  });

  test('a run stops at the batch boundary with every write it started confirmed, and the queued next run sends exactly the rest', async () => {
    // Slow imports: a batch is in flight when the stop comes, and the stop must wait for it.
    const slow = fake.faults.inject({ method: 'POST', path: '/import/bulk_import', fault: { type: 'latency', ms: 600 } });
    // Two run slots: one stays free for a run queued once the stop has begun, which must not start here.
    const first = await startFerry({ FERRY_WORKER_CONCURRENCY: '2' });
    const syncId = await createPeopleSync(first, 'a');
    const waitingSyncId = await createPeopleSync(first, 'c', 10);
    const run = await trigger(first.client, syncId);
    await waitForRun(first.client, run.id, (state) => state.status === 'RUNNING' && state.rowsCreated > 0);
    const stopStarted = Date.now();
    const stopping = first.stop();
    const waiting = await first.ferry.runner.trigger(waitingSyncId, { fullResync: false, trigger: RunTrigger.MANUAL });
    await stopping;
    console.log(`stop with a run writing: ${Date.now() - stopStarted} ms`);
    slow.remove();

    const api = await startFerry({ FERRY_ROLE: 'api', DATABASE_URL: first.databaseUrl });
    const stopped = await runState(api.client, run.id);
    assert.equal(stopped.status, 'FAILED');
    assert.match(
      stopped.error!,
      /^Ferry was shut down during the run: it stopped at a batch boundary.*a new run was queued to send the remaining rows$/,
    );
    const kept = (await snapshotKeys(api, syncId)).length;
    assert.ok(kept > 0 && kept < CONTACTS, `stopped half way (${kept} of ${CONTACTS})`);
    assert.equal(stopped.rowsCreated + stopped.rowsUpdated, kept, 'the counters say what the snapshot holds');
    assert.equal(contactsInAccount('a'), kept, 'the account holds exactly what was recorded: no write was cut off');
    assert.equal(kept % 250, 0, `whole batches of 250 were confirmed (${kept})`);

    const next = await otherRuns(api, syncId, run.id);
    assert.deepEqual(
      next.map((r) => [r.status, r.trigger, r.fullResync]),
      [['QUEUED', 'MANUAL', false]],
    );
    const untouched = await runState(api.client, waiting.id);
    assert.deepEqual([untouched.status, untouched.startedAt], ['QUEUED', null], 'a stopping worker starts no new run');
    const jobs: Array<{ runId: string }> = await api.ferry.db.query(
      `SELECT data->>'runId' AS "runId" FROM agenda_jobs WHERE name = 'ferry-sync-run'`,
    );
    assert.deepEqual(jobs.map((job) => job.runId).sort(), [next[0].id, waiting.id].sort(), 'both wait in the queue for the next worker');

    const second = await startFerry({ DATABASE_URL: first.databaseUrl });
    const done = await waitForRun(second.client, next[0].id, undefined, 60_000);
    assert.equal(done.status, 'SUCCEEDED', JSON.stringify(done));
    assert.equal(done.rowsUnchanged, kept, 'what the stopped run wrote is not sent again');
    assert.equal(done.rowsCreated, CONTACTS - kept, 'the rest is');
    assert.equal(contactsInAccount('a'), CONTACTS);
    assert.equal((await waitForRun(second.client, waiting.id)).status, 'SUCCEEDED');
  }, 60_000);

  test('a write that does not finish within FERRY_SHUTDOWN_GRACE_SECONDS is abandoned; the run says so and its rows go out with the next run', async () => {
    const ferry = await startFerry({ FERRY_SHUTDOWN_GRACE_SECONDS: '1' });
    const syncId = await createPeopleSync(ferry, 'b');
    // The third import never gets an answer.
    const hang = fake.faults.inject({ method: 'POST', path: '/import/bulk_import', fault: { type: 'hang' }, every: 3, times: 1 });
    const run = await trigger(ferry.client, syncId);
    await waitForRun(ferry.client, run.id, (state) => hang.applied === 1 && state.rowsCreated >= 500);
    const stopStarted = Date.now();
    await ferry.stop();
    const stopMs = Date.now() - stopStarted;
    hang.remove();
    assert.ok(stopMs >= 1_000 && stopMs < 10_000, `the stop waited the 1 s grace, then aborted (${stopMs} ms)`);

    const api = await startFerry({ FERRY_ROLE: 'api', DATABASE_URL: ferry.databaseUrl });
    const stopped = await runState(api.client, run.id);
    assert.equal(stopped.status, 'FAILED');
    assert.match(
      stopped.error!,
      /did not reach a batch boundary within the grace \(FERRY_SHUTDOWN_GRACE_SECONDS\): the work in progress was abandoned/,
    );
    const kept = (await snapshotKeys(api, syncId)).length;
    assert.ok(kept >= 500 && kept < CONTACTS, `what was confirmed before the stop is kept (${kept})`);
    assert.equal(stopped.rowsCreated + stopped.rowsUpdated, kept);
    const next = await otherRuns(api, syncId, run.id);
    assert.deepEqual(
      next.map((r) => [r.status, r.trigger]),
      [['QUEUED', 'MANUAL']],
    );

    const restarted = await startFerry({ DATABASE_URL: ferry.databaseUrl });
    const done = await waitForRun(restarted.client, next[0].id, undefined, 60_000);
    assert.equal(done.status, 'SUCCEEDED', JSON.stringify(done));
    assert.equal(done.rowsUnchanged, kept);
    assert.equal(done.rowsChanged, CONTACTS - kept, 'the abandoned batch and every unsent one go out');
    assert.equal(contactsInAccount('b'), CONTACTS, 'no contact is missing');
  }, 60_000);

  test('a run still waiting for its model stops at once: reading changes nothing, so it needs no grace', async () => {
    const ferry = await startFerry();
    await warehouse.client.query(`CREATE TABLE slow_people AS SELECT 'e' || g || '@example.com' AS email FROM generate_series(1, 10) g`);
    const { syncId } = await createSync(ferry.client, {
      warehouseUrl: warehouse.url,
      sql: 'SELECT email FROM slow_people, pg_sleep(60)',
      destination: { apiUrl: fake.url, apiKey: fake.apiKey },
      syncKey: { column: 'email', field: 'email' },
      mappings: [],
      name: 'slow',
    });
    const run = await trigger(ferry.client, syncId);
    await waitForRun(ferry.client, run.id, (state) => state.status === 'RUNNING');
    const stopStarted = Date.now();
    await ferry.stop();
    const stopMs = Date.now() - stopStarted;
    assert.ok(stopMs < 5_000, `the model's query was cancelled, not waited for (${stopMs} ms; the grace is 15 s)`);
    const api = await startFerry({ FERRY_ROLE: 'api', DATABASE_URL: ferry.databaseUrl });
    const stopped = await runState(api.client, run.id);
    assert.equal(stopped.status, 'FAILED');
    assert.match(stopped.error!, /^Ferry was shut down during the run: it stopped at a batch boundary/);
    assert.deepEqual(
      (await otherRuns(api, syncId, run.id)).map((other) => other.status),
      ['QUEUED'],
    );
  });

  test('a run taken from the queue just as the shutdown begins goes back to the queue untouched', async () => {
    const ferry = await startFerry({ FERRY_ROLE: 'api' });
    const syncId = await createPeopleSync(ferry, 'd', 10);
    const run = await trigger(ferry.client, syncId);
    const pool = enginePool(ferry.ferry.db);
    const active = new ActiveRuns();
    const deps: RunDependencies = {
      ferry: ferry.ferry,
      pool,
      databaseUrl: ferry.databaseUrl,
      limiter: new SlidingWindowLimiter(pool),
      workerId: 'stopping-worker',
      active,
      runEnded: async () => assert.fail('the run must not execute'),
    };
    const outcome = runSync(deps, run.id); // now waiting for its claim (an UPDATE) to come back
    active.beginShutdown(); // what a stop does first, before the claim comes back
    assert.equal(await outcome, HANDED_BACK);
    const state = await runState(ferry.client, run.id);
    assert.deepEqual([state.status, state.startedAt], ['QUEUED', null], 'unclaimed, as if never taken');
    assert.equal(await runSync(deps, run.id), HANDED_BACK, 'once draining, a run is not even claimed');
    assert.equal((await runState(ferry.client, run.id)).status, 'QUEUED');
  });
});

import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, test } from '@jest/globals';
import { startFakeActiveCampaign, type FakeActiveCampaign } from '../fakes/activecampaign';
import { killProcesses, startWorkerProcess, type FerryProcess } from '../helpers/ferry-process';
import { startTestFerry, type TestFerry } from '../helpers/ferry-server';
import {
  contactSyncSpec,
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

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const CONTACTS = 2000;

/**
 * An API-only Ferry in this process and worker processes started as `node dist/src/main.js` with FERRY_ROLE=worker
 * on the same database, the way a user splits them: runs go through Agenda's queue in PostgreSQL, progress and
 * cancels cross processes, and a worker killed with SIGKILL loses nothing.
 */
describe('separate worker processes', () => {
  let ferry: TestFerry;
  let fake: FakeActiveCampaign;
  let warehouse: Warehouse;
  let secretKey: string;
  let bigSyncId: string;
  let smallSyncId: string;
  let crashSyncId: string;
  const workers: FerryProcess[] = [];

  async function startWorker(): Promise<FerryProcess> {
    const worker = await startWorkerProcess(ferry.databaseUrl, secretKey);
    workers.push(worker);
    return worker;
  }

  beforeAll(async () => {
    fake = await startFakeActiveCampaign({ requestsPerSecond: 5, bulkImport: { processingDelayMs: 20 } });
    warehouse = await startWarehouse();
    await warehouse.client.query(
      `CREATE TABLE people AS SELECT 'w' || g || '@example.com' AS email, 'W ' || g AS first_name FROM generate_series(1, ${CONTACTS}) g`,
    );
    await warehouse.client.query(
      `CREATE TABLE others AS SELECT 'k' || g || '@example.com' AS email, 'K ' || g AS first_name FROM generate_series(1, ${CONTACTS}) g`,
    );
    // Slow bulk imports keep a run going for several seconds, long enough to cancel it or kill its worker half way.
    fake.faults.inject({ method: 'POST', path: '/import/bulk_import', fault: { type: 'latency', ms: 400 } });
    secretKey = randomBytes(32).toString('base64');
    ferry = await startTestFerry({ FERRY_ROLE: 'api', FERRY_SECRET_KEY: secretKey }, enginePlugins);
    const spec = contactSyncSpec(warehouse, fake, {
      sql: 'SELECT email, first_name FROM people ORDER BY email',
      mappings: [{ from: 'first_name', to: 'firstName' }],
    });
    ({ syncId: bigSyncId } = await createSync(ferry.client, spec));
    ({ syncId: smallSyncId } = await createSync(ferry.client, {
      ...spec,
      sql: 'SELECT email, first_name FROM people ORDER BY email LIMIT 5',
      name: 'small',
    }));
    ({ syncId: crashSyncId } = await createSync(ferry.client, {
      ...spec,
      sql: 'SELECT email, first_name FROM others ORDER BY email',
      name: 'crash',
    }));
  });

  afterAll(async () => {
    killProcesses(workers);
    await ferry?.stop();
    await fake?.close();
    await warehouse?.close();
  });

  test('an API-only process only queues; a worker started later runs the run even though its queue job vanished', async () => {
    const run = await trigger(ferry.client, smallSyncId);
    await sleep(1_500);
    assert.equal((await runState(ferry.client, run.id)).status, 'QUEUED', 'FERRY_ROLE=api does not execute runs');
    const deleted: [unknown[], number] = await ferry.ferry.db.query(`DELETE FROM agenda_jobs`);
    assert.equal(deleted[1], 1, 'the queue held the run job, now gone');
    await startWorker();
    const done = await waitForRun(ferry.client, run.id);
    assert.equal(done.status, 'SUCCEEDED', JSON.stringify(done));
    assert.equal(done.rowsCreated, 5);
  }, 30_000);

  test('a cancel made on the API process stops the run on the worker process within 2 seconds', async () => {
    const run = await trigger(ferry.client, bigSyncId);
    await waitForRun(ferry.client, run.id, (state) => state.status === 'RUNNING' && state.rowsCreated + state.rowsUpdated > 0);
    const cancelledAt = Date.now();
    const { cancelSyncRun } = await ferry.client.data(`mutation($id: ID!) { cancelSyncRun(id: $id) { status } }`, { id: run.id });
    assert.equal(cancelSyncRun.status, 'CANCELLED');
    await sleep(2_500);
    assert.deepEqual(
      fake.requests.entries.filter((e) => e.time > cancelledAt + 2_000),
      [],
      'the worker sent nothing after 2 s',
    );
    const final = await runState(ferry.client, run.id);
    assert.equal(final.status, 'CANCELLED');
    assert.equal((await snapshotKeys(ferry, bigSyncId)).length, final.rowsCreated + final.rowsUpdated);
  }, 30_000);

  test('a worker killed mid-run: recovery marks the run FAILED and queues a run that sends the rest, every contact exactly once', async () => {
    const run = await trigger(ferry.client, crashSyncId);
    const midway = await waitForRun(ferry.client, run.id, (state) => state.status === 'RUNNING' && state.rowsCreated > 0);
    assert.ok(midway.rowsCreated < CONTACTS);
    workers[0].child.kill('SIGKILL');
    await workers[0].exited;
    const kept = (await snapshotKeys(ferry, crashSyncId)).length;
    assert.ok(kept > 0 && kept < CONTACTS, `the killed run had confirmed some contacts, not all (${kept})`);

    await startWorker();
    const failed = await waitForRun(ferry.client, run.id, undefined, 30_000);
    assert.equal(failed.status, 'FAILED');
    assert.match(failed.error!, /^worker stopped during the run .*a new run was queued to send the rest$/);
    assert.ok(failed.finishedAt);
    const resumed = (await runsOf(ferry.client, crashSyncId)).filter((other) => other.id !== run.id);
    assert.deepEqual(
      resumed.map((other) => other.trigger),
      ['MANUAL'],
      'recovery queued one run to send the rest, with the same trigger',
    );
    const done = await waitForRun(ferry.client, resumed[0].id, undefined, 60_000);
    assert.equal(done.status, 'SUCCEEDED', JSON.stringify(done));
    assert.equal(done.rowsUnchanged, kept, 'only what the snapshot lacks is sent');
    assert.equal(done.rowsChanged, CONTACTS - kept);
    const imported = [...fake.state.contacts.values()].filter((c) => c.email.startsWith('k'));
    assert.equal(imported.length, CONTACTS, 'no contact is missing or duplicated');
    assert.equal(new Set(imported.map((c) => c.email)).size, CONTACTS);
    for (let i = 1; i <= CONTACTS; i += 1) assert.ok(fake.state.findContactByEmail(`k${i}@example.com`), `k${i} is present`);
    assert.equal((await snapshotKeys(ferry, crashSyncId)).length, CONTACTS);
  }, 60_000);

  test('SIGTERM mid-run: the worker stops at a batch boundary, records where the run stands, exits 0, and the queued next run sends exactly the rest', async () => {
    const worker = workers.at(-1)!;
    // More rows than one read batch: a run writes eight batches at once, so the stop finds batches it has not started.
    const STOPPING = 5000;
    await warehouse.client.query(
      `CREATE TABLE stopping AS SELECT 's' || g || '@example.com' AS email, 'S ' || g AS first_name FROM generate_series(1, ${STOPPING}) g`,
    );
    const { syncId } = await createSync(ferry.client, {
      warehouseUrl: warehouse.url,
      sql: 'SELECT email, first_name FROM stopping ORDER BY email',
      destination: (await ferry.client.data(`query($id: ID!) { sync(id: $id) { destination { id } } }`, { id: bigSyncId })).sync.destination.id,
      syncKey: { column: 'email', field: 'email' },
      mappings: [{ from: 'first_name', to: 'firstName' }],
      name: 'stopping',
      fake,
    });
    const sentToAccount = () => [...fake.state.contacts.values()].filter((c) => c.email.startsWith('s')).length;
    const run = await trigger(ferry.client, syncId);
    await waitForRun(ferry.client, run.id, (state) => state.status === 'RUNNING' && state.rowsCreated > 0);
    const signalledAt = Date.now();
    worker.child.kill('SIGTERM');
    assert.equal(await worker.exited, 0, worker.output());
    console.log(`SIGTERM to exit: ${Date.now() - signalledAt} ms`);
    assert.match(worker.output(), /"message":"queued a run to send what the interrupted run did not"/);

    const stopped = await runState(ferry.client, run.id);
    assert.equal(stopped.status, 'FAILED');
    assert.match(stopped.error!, /^Ferry was shut down during the run: it stopped at a batch boundary/);
    assert.ok(stopped.finishedAt);
    const kept = (await snapshotKeys(ferry, syncId)).length;
    assert.equal(kept, stopped.rowsCreated + stopped.rowsUpdated, 'the counters say what the snapshot holds');
    assert.ok(kept > 0 && kept < STOPPING, `stopped half way (${kept} of ${STOPPING})`);
    assert.equal(sentToAccount(), kept, 'every contact the account received was confirmed and recorded: no write was cut off');

    const queued = (await runsOf(ferry.client, syncId)).filter((other) => other.id !== run.id);
    assert.deepEqual(
      queued.map((other) => [other.status, other.trigger]),
      [['QUEUED', 'MANUAL']],
      'one next run, queued with the same trigger',
    );

    await startWorker();
    const done = await waitForRun(ferry.client, queued[0].id, undefined, 60_000);
    assert.equal(done.status, 'SUCCEEDED', JSON.stringify(done));
    assert.equal(done.rowsUnchanged, kept, 'what the interrupted run wrote is not sent again');
    assert.equal(done.rowsCreated, STOPPING - kept, 'the rest is');
    assert.equal(sentToAccount(), STOPPING);
  }, 60_000);
});

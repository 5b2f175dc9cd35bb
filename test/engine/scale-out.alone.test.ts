import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, test } from '@jest/globals';
import { startFakeActiveCampaign, type FakeActiveCampaign } from '../fakes/activecampaign';
import { killProcesses, startWorkerProcess, type FerryProcess } from '../helpers/ferry-process';
import { startTestFerry, type TestFerry } from '../helpers/ferry-server';
import { createSync, enginePlugins, quietAccount, startWarehouse, trigger, waitForRun, type Warehouse } from '../helpers/sync-fixtures';

const SYNCS = 4;
const CONTACTS_PER_SYNC = 1000;
const BATCH = 250;

/** The run ids a worker's log says it finished. */
const finishedRuns = (worker: FerryProcess) =>
  worker
    .output()
    .split('\n')
    .filter((line) => line.includes('"message":"run finished"'))
    .map((line) => (JSON.parse(line) as { runId: string }).runId);

/**
 * Two worker processes (`node dist/src/main.js`, FERRY_ROLE=worker) beside an API-only Ferry, on one database:
 * they share Agenda's queue, so every run and every schedule firing executes once, and one rate limiter kept in
 * PostgreSQL, so together they stay within ActiveCampaign's 5 requests per second for the account they share.
 */
describe('two workers sharing one queue and one account', () => {
  let api: TestFerry;
  let fake: FakeActiveCampaign;
  let warehouse: Warehouse;
  const workers: FerryProcess[] = [];
  const syncIds: string[] = [];
  let scheduledSyncId: string;

  beforeAll(async () => {
    fake = await startFakeActiveCampaign({ requestsPerSecond: 5, bulkImport: { processingDelayMs: 20 } });
    warehouse = await startWarehouse();
    const secretKey = randomBytes(32).toString('base64');
    api = await startTestFerry({ FERRY_ROLE: 'api', FERRY_SECRET_KEY: secretKey, FERRY_MIN_INTERVAL_SECONDS: '1' }, enginePlugins);
    let destination: string | { apiUrl: string; apiKey: string } = { apiUrl: fake.url, apiKey: fake.apiKey };
    for (let i = 1; i <= SYNCS; i += 1) {
      await warehouse.client.query(
        `CREATE TABLE people${i} AS SELECT 'p${i}-' || g || '@example.com' AS email, 'P ' || g AS first_name FROM generate_series(1, ${CONTACTS_PER_SYNC}) g`,
      );
      const created = await createSync(api.client, {
        warehouseUrl: warehouse.url,
        sql: `SELECT email, first_name FROM people${i} ORDER BY email`,
        destination,
        syncKey: { column: 'email', field: 'email' },
        mappings: [{ from: 'first_name', to: 'firstName' }],
        name: `people ${i}`,
      });
      destination = created.destinationId;
      syncIds.push(created.syncId);
    }
    await warehouse.client.query(
      `CREATE TABLE few AS SELECT 'few-' || g || '@example.com' AS email, 'F ' || g AS first_name FROM generate_series(1, 3) g`,
    );
    ({ syncId: scheduledSyncId } = await createSync(api.client, {
      warehouseUrl: warehouse.url,
      sql: 'SELECT email, first_name FROM few ORDER BY email',
      destination,
      syncKey: { column: 'email', field: 'email' },
      mappings: [{ from: 'first_name', to: 'firstName' }],
      name: 'every two seconds',
    }));

    for (let i = 0; i < 2; i += 1) workers.push(await startWorkerProcess(api.databaseUrl, secretKey, { FERRY_WORKER_CONCURRENCY: '1' }));
    await quietAccount(fake);
  });

  afterAll(async () => {
    killProcesses(workers);
    await api?.stop();
    await fake?.close();
    await warehouse?.close();
  });

  test('runs spread over both workers, each executes once, and the account never sees more than 5 requests in a second', async () => {
    const since = Date.now();
    const runs = await Promise.all(syncIds.map((syncId) => trigger(api.client, syncId)));
    // Polled slowly: this process also hosts the fake, whose clock must not lag behind a busy event loop.
    const ended = await Promise.all(runs.map((run) => waitForRun(api.client, run.id, undefined, 90_000, 500)));
    for (const run of ended) {
      assert.equal(run.status, 'SUCCEEDED', JSON.stringify(run));
      assert.equal(run.rowsCreated, CONTACTS_PER_SYNC);
    }

    const during = (entry: { time: number }) => entry.time >= since;
    const busiest = fake.requests.maxRequestsInAnyWindow(1000, during);
    const times = fake.requests.entries.filter(during).map((entry) => entry.time);
    const closestSix = Math.min(...times.slice(5).map((time, i) => time - times[i]));
    console.log(
      `${SYNCS * CONTACTS_PER_SYNC} contacts in ${Date.now() - since} ms over two workers; busiest second: ${busiest} requests; closest 6 requests: ${closestSix} ms apart`,
    );
    assert.ok(busiest <= 5, `at most 5 requests in any second across both workers, saw ${busiest}`);
    assert.ok(busiest >= 4, `the shared budget was used, not idled (${busiest} in the busiest second)`);
    assert.equal(fake.requests.entries.filter((entry) => during(entry) && entry.status === 429).length, 0, 'never rate-limited');

    const byWorker = workers.map(finishedRuns);
    const executed = byWorker.flat();
    assert.deepEqual(executed.sort(), runs.map((run) => run.id).sort(), 'every run finished exactly once, on one worker or the other');
    assert.ok(
      byWorker.every((ids) => ids.length > 0),
      `both workers ran some of the runs (${byWorker.map((ids) => ids.length).join(' + ')})`,
    );
    const spans: Array<{ worker_id: string; started_at: Date; finished_at: Date }> = await api.ferry.db.query(
      `SELECT worker_id, started_at, finished_at FROM sync_runs WHERE id = ANY($1)`,
      [runs.map((run) => run.id)],
    );
    assert.equal(new Set(spans.map((span) => span.worker_id)).size, 2, 'two distinct workers claimed them');
    const mostAtOnce = (list: typeof spans) =>
      Math.max(...list.map((span) => list.filter((other) => other.started_at <= span.started_at && span.started_at < other.finished_at).length));
    assert.equal(mostAtOnce(spans), 2, 'the two workers wrote to the account at the same time');
    for (const workerId of new Set(spans.map((span) => span.worker_id))) {
      assert.equal(mostAtOnce(spans.filter((span) => span.worker_id === workerId)), 1, 'FERRY_WORKER_CONCURRENCY=1: one run at a time per worker');
    }

    for (let i = 1; i <= SYNCS; i += 1) {
      const contacts = [...fake.state.contacts.values()].filter((contact) => contact.email.startsWith(`p${i}-`));
      assert.equal(contacts.length, CONTACTS_PER_SYNC, `people ${i}: every contact once`);
    }
    const imports = fake.requests.entries.filter(
      (entry) => entry.time >= since && entry.method === 'POST' && entry.path.endsWith('/import/bulk_import'),
    );
    assert.equal(imports.length, (SYNCS * CONTACTS_PER_SYNC) / BATCH, 'no batch was sent twice');
  }, 60_000);

  test('a schedule fires once per interval, not once per worker', async () => {
    const before = new Set(workers.flatMap(finishedRuns));
    await api.client.data(`mutation($id: ID!, $i: SyncUpdateInput!) { updateSync(id: $id, input: $i) { id } }`, {
      id: scheduledSyncId,
      i: { schedule: { kind: 'INTERVAL', every: '2 seconds' } },
    });
    await new Promise((resolve) => setTimeout(resolve, 9_000));
    await api.client.data(`mutation($id: ID!, $i: SyncUpdateInput!) { updateSync(id: $id, input: $i) { id } }`, {
      id: scheduledSyncId,
      i: { paused: true },
    });

    const terminal = ['SUCCEEDED', 'PARTIAL', 'FAILED', 'CANCELLED'];
    let runs: Array<{ id: string; trigger: string; status: string; queued_at: Date }> = [];
    for (const deadline = Date.now() + 10_000; ;) {
      runs = await api.ferry.db.query(`SELECT id, trigger, status, queued_at FROM sync_runs WHERE sync_id = $1 ORDER BY queued_at`, [
        scheduledSyncId,
      ]);
      const logged = new Set(workers.flatMap(finishedRuns));
      if (runs.every((run) => terminal.includes(run.status) && logged.has(run.id))) break;
      assert.ok(Date.now() < deadline, `the scheduled runs end and are logged: ${JSON.stringify(runs)}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    assert.ok(runs.length >= 3 && runs.length <= 5, `about one run per 2 s over 9 s (${runs.length})`);
    assert.ok(
      runs.every((run) => run.trigger === 'SCHEDULE' && run.status === 'SUCCEEDED'),
      JSON.stringify(runs),
    );
    for (let i = 1; i < runs.length; i += 1) {
      const gap = runs[i].queued_at.getTime() - runs[i - 1].queued_at.getTime();
      assert.ok(gap >= 1_500, `runs ${i} and ${i + 1} are an interval apart, not one per worker (${gap} ms)`);
    }
    const executed = workers.flatMap(finishedRuns).filter((id) => !before.has(id));
    assert.deepEqual(executed.sort(), runs.map((run) => run.id).sort(), 'each scheduled run executed exactly once');
  }, 60_000);
});

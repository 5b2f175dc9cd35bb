import assert from 'node:assert/strict';
import { afterAll, beforeAll, describe, test } from '@jest/globals';
import { SCHEDULE_JOB, type Scheduler } from '../../src/engine/schedule/scheduler';
import { startFakeActiveCampaign, type FakeActiveCampaign } from '../fakes/activecampaign';
import { startTestFerry, type TestFerry } from '../helpers/ferry-server';
import {
  FAST_REQUESTS_PER_SECOND,
  createSync,
  fastPlugins,
  runsOf,
  startWarehouse,
  trigger,
  waitForRun,
  type RunState,
  type SyncSpec,
  type Warehouse,
} from '../helpers/sync-fixtures';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const update = `mutation($id: ID!, $i: SyncUpdateInput!) { updateSync(id: $id, input: $i) { id paused nextRunAt } }`;
const terminal = new Set(['SUCCEEDED', 'PARTIAL', 'FAILED', 'CANCELLED']);

async function nextRunAt(ferry: TestFerry, syncId: string): Promise<string | null> {
  const { sync } = await ferry.client.data(`query($id: ID!) { sync(id: $id) { nextRunAt } }`, { id: syncId });
  return sync.nextRunAt;
}

/** The sync's rows in Agenda's jobs table. */
async function scheduleJobs(
  ferry: TestFerry,
  syncId: string,
): Promise<Array<{ repeat_interval: string; repeat_timezone: string | null; next_run_at: Date | null }>> {
  return ferry.ferry.db.query(`SELECT repeat_interval, repeat_timezone, next_run_at FROM agenda_jobs WHERE name = $1 AND data->>'syncId' = $2`, [
    SCHEDULE_JOB,
    syncId,
  ]);
}

/** Polls until `until` holds for the sync's runs. */
async function waitForRuns(ferry: TestFerry, syncId: string, until: (runs: RunState[]) => boolean, timeoutMs = 15_000): Promise<RunState[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const runs = await runsOf(ferry.client, syncId);
    if (until(runs)) return runs;
    if (Date.now() > deadline)
      throw new Error(`runs of ${syncId} did not reach the expected state: ${JSON.stringify(runs.map((run) => [run.trigger, run.status]))}`);
    await sleep(100);
  }
}

const ended = (runs: RunState[]) => runs.every((run) => terminal.has(run.status));

describe('sync schedules', () => {
  let ferry: TestFerry;
  let fake: FakeActiveCampaign;
  let warehouse: Warehouse;
  let spec: SyncSpec;

  async function newSync(name: string, schedule?: Record<string, unknown>): Promise<string> {
    const { syncId } = await createSync(ferry.client, { ...spec, name });
    if (schedule) await ferry.client.data(update, { id: syncId, i: { schedule } });
    return syncId;
  }

  beforeAll(async () => {
    fake = await startFakeActiveCampaign({ requestsPerSecond: FAST_REQUESTS_PER_SECOND });
    warehouse = await startWarehouse();
    await warehouse.client.query(
      `CREATE TABLE people AS SELECT 'p' || g || '@example.com' AS email, 'P ' || g AS first_name FROM generate_series(1, 3) g`,
    );
    ferry = await startTestFerry({ FERRY_MIN_INTERVAL_SECONDS: '1' }, fastPlugins);
    spec = {
      warehouseUrl: warehouse.url,
      sql: 'SELECT email, first_name FROM people ORDER BY email',
      destination: { apiUrl: fake.url, apiKey: fake.apiKey },
      syncKey: { column: 'email', field: 'email' },
      mappings: [{ from: 'first_name', to: 'firstName' }],
    };
  });

  afterAll(async () => {
    await ferry?.stop();
    await fake?.close();
    await warehouse?.close();
  });

  test('an INTERVAL sync runs by itself every interval with trigger SCHEDULE; pausing stops it and clears nextRunAt, resuming restarts it', async () => {
    const syncId = await newSync('every two seconds', { kind: 'INTERVAL', every: '2 seconds' });
    const next = await nextRunAt(ferry, syncId);
    assert.ok(next, 'a scheduled sync has a next run time');
    assert.ok(new Date(next).getTime() > Date.now(), `nextRunAt ${next} is in the future`);
    const jobs = await scheduleJobs(ferry, syncId);
    assert.equal(jobs.length, 1, 'one schedule job per sync');
    assert.equal(jobs[0].repeat_interval, '2 seconds');

    const runs = await waitForRuns(ferry, syncId, (all) => all.filter((run) => run.status === 'SUCCEEDED').length >= 2);
    assert.ok(
      runs.every((run) => run.trigger === 'SCHEDULE'),
      'every run was started by the schedule',
    );

    const { updateSync } = await ferry.client.data(update, { id: syncId, i: { paused: true } });
    assert.equal(updateSync.nextRunAt, null, 'a paused sync has no next run');
    assert.equal((await scheduleJobs(ferry, syncId)).length, 0, 'a paused sync has no schedule job');
    const settled = await waitForRuns(ferry, syncId, ended);
    await sleep(3_000); // longer than the interval
    assert.equal((await runsOf(ferry.client, syncId)).length, settled.length, 'no run while paused');

    const { updateSync: resumed } = await ferry.client.data(update, { id: syncId, i: { paused: false } });
    assert.ok(resumed.nextRunAt && new Date(resumed.nextRunAt).getTime() > Date.now(), 'resuming schedules the next run');
    const more = await waitForRuns(ferry, syncId, (all) => all.length > settled.length && ended(all), 8_000);
    assert.equal(more[0].trigger, 'SCHEDULE');
    await ferry.client.data(update, { id: syncId, i: { paused: true } });
    await waitForRuns(ferry, syncId, ended);
  }, 45_000);

  test('switching a sync to MANUAL or deleting it removes its schedule job', async () => {
    const manual = await newSync('hourly then manual', { kind: 'INTERVAL', every: '1 hour' });
    assert.equal((await scheduleJobs(ferry, manual)).length, 1);
    await ferry.client.data(update, { id: manual, i: { schedule: { kind: 'MANUAL' } } });
    assert.equal((await scheduleJobs(ferry, manual)).length, 0);
    assert.equal(await nextRunAt(ferry, manual), null);

    const deleted = await newSync('hourly then deleted', { kind: 'INTERVAL', every: '1 hour' });
    assert.equal((await scheduleJobs(ferry, deleted)).length, 1);
    await ferry.client.data(`mutation($id: ID!) { deleteSync(id: $id) }`, { id: deleted });
    assert.equal((await scheduleJobs(ferry, deleted)).length, 0, 'no job left for a deleted sync');
  });

  test('a CRON schedule runs at wall-clock time in its time zone, across the daylight-saving change', async () => {
    const syncId = await newSync('nightly New York', { kind: 'CRON', cron: '30 2 * * *', timezone: 'America/New_York' });
    const [job] = await scheduleJobs(ferry, syncId);
    assert.equal(job.repeat_interval, '30 2 * * *');
    assert.equal(job.repeat_timezone, 'America/New_York');
    const scheduler = ferry.ferry.scheduler as Scheduler;
    const expected = scheduler.upcomingRuns({ interval: '30 2 * * *', timezone: 'America/New_York' }, new Date(), 1)[0];
    assert.equal(new Date((await nextRunAt(ferry, syncId))!).toISOString(), expected.toISOString(), 'nextRunAt is the next 02:30 in New York');
    assert.equal(job.next_run_at?.toISOString(), expected.toISOString());

    // US clocks go from 02:00 EST to 03:00 EDT on 2026-03-08: 02:30 is 07:30Z before the change and 06:30Z after it.
    const instants = scheduler
      .upcomingRuns({ interval: '30 2 * * *', timezone: 'America/New_York' }, new Date('2026-03-06T12:00:00Z'), 4)
      .map((date) => date.toISOString());
    // 02:30 does not exist on the day of the change: that day's run happens at 03:30 EDT, the same instant as 02:30 EST would have been.
    assert.deepEqual(instants, ['2026-03-07T07:30:00.000Z', '2026-03-08T07:30:00.000Z', '2026-03-09T06:30:00.000Z', '2026-03-10T06:30:00.000Z']);
  });

  test('AFTER_SYNC chains A → B → C run in order with trigger AFTER_SYNC; a paused B breaks the chain', async () => {
    const a = await newSync('A');
    const b = await newSync('B', { kind: 'AFTER_SYNC', afterSyncId: a });
    const c = await newSync('C', { kind: 'AFTER_SYNC', afterSyncId: b });
    assert.equal(await nextRunAt(ferry, b), null, 'an AFTER_SYNC sync has no next run time');
    assert.equal((await scheduleJobs(ferry, b)).length, 0);

    const first = await trigger(ferry.client, a);
    const aRun = await waitForRun(ferry.client, first.id);
    assert.equal(aRun.status, 'SUCCEEDED');
    const [bRun] = await waitForRuns(ferry, b, (runs) => runs.length === 1 && ended(runs));
    const [cRun] = await waitForRuns(ferry, c, (runs) => runs.length === 1 && ended(runs));
    assert.equal(bRun.trigger, 'AFTER_SYNC');
    assert.equal(cRun.trigger, 'AFTER_SYNC');
    assert.equal(bRun.status, 'SUCCEEDED');
    assert.ok(new Date(bRun.queuedAt) >= new Date(aRun.finishedAt!), 'B starts after A ends');
    assert.ok(new Date(cRun.queuedAt) >= new Date(bRun.finishedAt!), 'C starts after B ends');

    await ferry.client.data(update, { id: b, i: { paused: true } });
    const second = await trigger(ferry.client, a);
    await waitForRun(ferry.client, second.id);
    await sleep(1_500); // time enough for B to be queued and picked up, were the chain not broken
    assert.equal((await runsOf(ferry.client, b)).length, 1, 'a paused B does not run');
    assert.equal((await runsOf(ferry.client, c)).length, 1, 'nor does C after it');
  });

  test('at start-up a worker recreates missing schedule jobs and removes orphans', async () => {
    const kept = await newSync('job lost', { kind: 'INTERVAL', every: '1 hour' });
    const orphan = await newSync('row deleted by hand', { kind: 'INTERVAL', every: '1 hour' });
    const { db } = ferry.ferry;
    await db.query(`DELETE FROM agenda_jobs WHERE name = $1 AND data->>'syncId' = $2`, [SCHEDULE_JOB, kept]);
    await db.query(`DELETE FROM syncs WHERE id = $1`, [orphan]);
    assert.equal((await scheduleJobs(ferry, orphan)).length, 1);
    const { databaseUrl } = ferry;
    await ferry.stop();
    ferry = await startTestFerry({ FERRY_MIN_INTERVAL_SECONDS: '1', DATABASE_URL: databaseUrl }, fastPlugins);
    const [job] = await scheduleJobs(ferry, kept);
    assert.equal(job?.repeat_interval, '1 hour', 'the lost job is back');
    assert.ok(await nextRunAt(ferry, kept));
    assert.equal((await scheduleJobs(ferry, orphan)).length, 0, 'the orphan job is gone');
  });
});

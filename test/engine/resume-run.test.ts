import assert from 'node:assert/strict';
import { describe, test } from '@jest/globals';
import { RunTrigger } from '../../src/entities';
import { enginePool } from '../../src/engine/engine-pool';
import { RecoverySweeper } from '../../src/engine/workers/recovery-sweeper';
import { resumeInterruptedRun, type InterruptedRun } from '../../src/engine/workers/resume-run';
import type { Scheduler } from '../../src/engine/schedule/scheduler';
import { WORKER_STOPPED_NOT_RESUMED, WORKER_STOPPED_RESUMED } from '../../src/engine/workers/run-recovery';
import { useApiFerryFixture } from '../helpers/api-ferry-fixture';
import { contactSyncSpec, createSync, runState, runsOf, trigger } from '../helpers/sync-fixtures';

/**
 * What follows an interrupted run, on an API-only Ferry (no worker takes the queued runs, so they can be looked
 * at): recovery resumes a dead worker's run only when it had confirmed rows, and a resume respects a deleted or
 * paused sync.
 */
describe('resuming interrupted runs', () => {
  const fixture = useApiFerryFixture();
  let destination: string | undefined;

  async function newSync(name: string): Promise<string> {
    const { ferry, fake, warehouse } = fixture;
    const spec = contactSyncSpec(warehouse, fake, { sql: `SELECT 'someone@example.com' AS email`, mappings: [], name, fake: undefined });
    if (destination) spec.destination = destination;
    const created = await createSync(ferry.client, spec);
    destination = created.destinationId;
    return created.syncId;
  }

  test('recovery fails a dead worker’s runs, and resumes only the one that had confirmed rows', async () => {
    const { ferry } = fixture;
    const progressed = await newSync('progressed');
    const nothing = await newSync('confirmed nothing');
    const [a, b] = [await trigger(ferry.client, progressed), await trigger(ferry.client, nothing)];
    await ferry.ferry.db.query(
      `UPDATE sync_runs SET status = 'RUNNING', worker_id = 'a-dead-worker', started_at = now() - interval '1 minute',
         heartbeat_at = now() - interval '1 minute', rows_created = CASE WHEN id = $1 THEN 250 ELSE 0 END WHERE id IN ($1, $2)`,
      [a.id, b.id],
    );
    const resumed: InterruptedRun[] = [];
    const abandoned: RunTrigger[] = [];
    const sweeper = new RecoverySweeper({
      db: ferry.ferry.db,
      pool: enginePool(ferry.ferry.db),
      scheduler: ferry.ferry.scheduler as Scheduler,
      workerId: 'this-worker',
      logger: ferry.ferry.logger,
      metrics: { runAbandoned: (trigger) => abandoned.push(trigger) },
      resume: async (run) => void resumed.push(run),
    });
    await sweeper.start();
    await sweeper.stop();
    assert.deepEqual(
      [(await runState(ferry.client, a.id)).error, (await runState(ferry.client, b.id)).error],
      [WORKER_STOPPED_RESUMED, WORKER_STOPPED_NOT_RESUMED],
    );
    assert.deepEqual(resumed, [{ id: a.id, syncId: progressed, trigger: RunTrigger.MANUAL, fullResync: false, force: false, resume: true }]);
    assert.deepEqual(abandoned, [RunTrigger.MANUAL, RunTrigger.MANUAL], 'both counted for ferry_runs_total{status="FAILED"}');
  });

  test('a resume queues a run with the same trigger, fullResync and force; not for a deleted sync, nor a paused one unless it was started by hand', async () => {
    const { ferry } = fixture;
    const deps = { pool: enginePool(ferry.ferry.db), runner: ferry.ferry.runner, logger: ferry.ferry.logger };
    const scheduled = await newSync('scheduled');
    await resumeInterruptedRun(deps, { id: 'interrupted', syncId: scheduled, trigger: RunTrigger.SCHEDULE, fullResync: true, force: false });
    assert.deepEqual(
      (await runsOf(ferry.client, scheduled)).map((run) => [run.status, run.trigger, run.fullResync]),
      [['QUEUED', 'SCHEDULE', true]],
    );

    const paused = await newSync('paused');
    await ferry.client.data(`mutation($id: ID!) { updateSync(id: $id, input: { paused: true }) { id } }`, { id: paused });
    await resumeInterruptedRun(deps, { id: 'interrupted', syncId: paused, trigger: RunTrigger.SCHEDULE, fullResync: false, force: false });
    assert.deepEqual(await runsOf(ferry.client, paused), [], 'a paused sync is not resumed by its schedule');
    await resumeInterruptedRun(deps, { id: 'interrupted', syncId: paused, trigger: RunTrigger.MANUAL, fullResync: false, force: true });
    assert.deepEqual(
      (await runsOf(ferry.client, paused)).map((run) => run.trigger),
      ['MANUAL'],
      'what a user started by hand goes on',
    );
    const forced: Array<{ force: boolean }> = await ferry.ferry.db.query('SELECT force FROM sync_runs WHERE sync_id = $1', [paused]);
    assert.deepEqual(forced, [{ force: true }], 'a run forced through its change guard is resumed forced');

    const deleted = await newSync('deleted');
    await ferry.client.data(`mutation($id: ID!) { deleteSync(id: $id) }`, { id: deleted });
    await resumeInterruptedRun(deps, { id: 'interrupted', syncId: deleted, trigger: RunTrigger.MANUAL, fullResync: false, force: false });
    const rows: unknown[] = await ferry.ferry.db.query('SELECT id FROM sync_runs WHERE sync_id = $1', [deleted]);
    assert.deepEqual(rows, [], 'nothing is queued for a deleted sync');
  });
});

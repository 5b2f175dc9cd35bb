import assert from 'node:assert/strict';
import { describe, test } from '@jest/globals';
import { Registry } from 'prom-client';
import { zeroCounters } from '../../src/engine/run/run-progress';
import { countedStatus, type Ending } from '../../src/engine/run/run-sync';
import { RunStatus, RunTrigger } from '../../src/entities';
import { RunMetrics } from '../../src/metrics/run-metrics';
import { parseMetrics } from './scrape';

function runMetrics() {
  const registry = new Registry();
  const metrics = new RunMetrics(registry);
  return { metrics, scrape: async () => parseMetrics(await registry.metrics()) };
}

describe('run metrics', () => {
  test("a running run's rows are counted at each scrape, before it ends, and only once", async () => {
    const { metrics, scrape } = runMetrics();
    const counters = zeroCounters();
    const run = metrics.runStarted(RunTrigger.SCHEDULE, counters);
    counters.rowsRead = 500;
    counters.rowsChanged = 20;
    assert.equal((await scrape()).value('ferry_rows_read_total'), 500);
    counters.rowsRead = 1_000;
    counters.rowsCreated = 15;
    counters.rowsRejected = 2;
    const during = await scrape();
    assert.deepEqual(
      ['read', 'changed', 'created', 'rejected', 'updated'].map((name) => during.value(`ferry_rows_${name}_total`)),
      [1_000, 20, 15, 2, 0],
    );
    assert.equal(during.value('ferry_runs_total', { status: 'SUCCEEDED', trigger: 'SCHEDULE' }), 0, 'not ended yet');
    counters.rowsUpdated = 3;
    run.ended(RunStatus.PARTIAL);
    run.ended(RunStatus.PARTIAL);
    counters.rowsRead = 9_999; // after its end, a run's counters are no longer read
    const after = await scrape();
    assert.equal(after.value('ferry_rows_read_total'), 1_000);
    assert.equal(after.value('ferry_rows_updated_total'), 3);
    assert.equal(after.value('ferry_runs_total', { status: 'PARTIAL', trigger: 'SCHEDULE' }), 1, 'ended twice, counted once');
    assert.equal(after.value('ferry_run_duration_seconds_count', { status: 'PARTIAL' }), 1);
  });

  test('every status and trigger is there from the start; a run whose row is gone counts its rows but no ending', async () => {
    const { metrics, scrape } = runMetrics();
    const before = await scrape();
    assert.equal(before.series('ferry_runs_total').length, 4 * 3);
    assert.ok(before.series('ferry_runs_total').every(({ value }) => value === 0));
    const counters = zeroCounters();
    const run = metrics.runStarted(RunTrigger.MANUAL, counters);
    counters.rowsRead = 7;
    run.ended(null);
    const after = await scrape();
    assert.equal(after.value('ferry_rows_read_total'), 7);
    assert.ok(after.series('ferry_runs_total').every(({ value }) => value === 0));
  });

  test("a dead worker's run that recovery marked FAILED counts as FAILED, with no duration (its worker took that with it)", async () => {
    const { metrics, scrape } = runMetrics();
    metrics.runAbandoned(RunTrigger.AFTER_SYNC);
    const after = await scrape();
    assert.equal(after.value('ferry_runs_total', { status: 'FAILED', trigger: 'AFTER_SYNC' }), 1);
    assert.equal(after.value('ferry_run_duration_seconds_count', { status: 'FAILED' }), 0);
  });

  test("a worker counts a run's ending only when it is its own, so a run recovery took for dead is counted once", () => {
    const ending = (status: Ending['status'], lost = false) => ({ status, error: null, interrupted: false, lost });
    assert.equal(countedStatus(ending(RunStatus.SUCCEEDED), RunStatus.SUCCEEDED), RunStatus.SUCCEEDED);
    assert.equal(countedStatus(ending(RunStatus.FAILED), RunStatus.FAILED), RunStatus.FAILED);
    // Cancelled by a user while it finished: the stored CANCELLED is what the run ended as, and no one else counts it.
    assert.equal(countedStatus(ending(RunStatus.SUCCEEDED), RunStatus.CANCELLED), RunStatus.CANCELLED);
    // Recovery marked it FAILED (and counted it) before this worker stored its ending, or the heartbeat saw that.
    assert.equal(countedStatus(ending(RunStatus.SUCCEEDED), RunStatus.FAILED), null);
    assert.equal(countedStatus(ending(RunStatus.FAILED, true), RunStatus.FAILED), null);
    // Its sync was deleted meanwhile.
    assert.equal(countedStatus(ending(RunStatus.SUCCEEDED), null), null);
  });
});

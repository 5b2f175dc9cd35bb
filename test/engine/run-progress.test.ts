import assert from 'node:assert/strict';
import { describe, test } from '@jest/globals';
import { budgetRowsPerSecond, RunEstimate } from '../../src/engine/run/run-estimate';
import { countersSql, zeroCounters } from '../../src/engine/run/run-progress';

describe('run progress', () => {
  test('each row counts when read and when settled, over the expected total; exact once the model is read; below 1 until the end', () => {
    const counters = { ...zeroCounters(), rowsRead: 100, rowsUnchanged: 40, rowsCreated: 10, rowsRejected: 10 };
    assert.equal(new RunEstimate(1000).progress(counters), 0.08, '(100 read + 60 settled) / (2 × 1,000)');
    assert.equal(
      new RunEstimate(1000).progress({ ...counters, rowsRead: 2000 }),
      (2000 + 60) / 4000,
      'a model that grew past the guess counts what was read',
    );
    const estimate = new RunEstimate(1000);
    estimate.sourceEstimated(400);
    assert.equal(estimate.progress(counters), 0.2, "the source's own estimate wins over the last run's count");
    estimate.finishedReading();
    assert.equal(estimate.progress(counters), 0.8, 'read to the end: the rows read are the total');
    assert.equal(estimate.progress({ ...counters, rowsUnchanged: 80 }), 0.99, 'all settled is still below 1 until the run ends');
    assert.equal(new RunEstimate(null).progress(zeroCounters()), 0);
  });

  test('progress never goes back when a guess of the total arrives late and is larger', () => {
    const estimate = new RunEstimate(null);
    const counters = { ...zeroCounters(), rowsRead: 2000 };
    assert.equal(estimate.progress(counters), 0.5, 'nothing known: what was read is the total so far');
    estimate.sourceEstimated(10_000);
    assert.equal(estimate.progress(counters), 0.5, 'held, not 0.1');
    assert.equal(estimate.progress({ ...counters, rowsRead: 9000, rowsUnchanged: 9000 }), 0.9);
  });

  test('with nothing known of the size, reading moves progress and settling the writes moves it further', () => {
    const estimate = new RunEstimate(null);
    const read = { ...zeroCounters(), rowsRead: 3000, rowsChanged: 3000 };
    const before = estimate.progress(read);
    const written = estimate.progress({ ...read, rowsCreated: 1500 });
    assert.ok(before > 0 && written > before && written < 1, `${before} then ${written}`);
  });

  test("seconds left: rows still to send over the destination's budget, then over the pace seen once writes have gone on", () => {
    let now = 0;
    const estimate = new RunEstimate(10_000, () => now);
    const counters = { ...zeroCounters(), rowsRead: 2000, rowsChanged: 1000, rowsUnchanged: 1000 };
    assert.equal(estimate.secondsLeft(counters), null, 'no budget and no pace yet: unknown');
    estimate.destinationBudget(100);
    // in flight 1,000 + unread 8,000 × half of them changing = 5,000 rows at 100 a second
    assert.equal(estimate.secondsLeft(counters), 50);
    estimate.writeStarted();
    now = 10_000;
    assert.equal(estimate.secondsLeft({ ...counters, rowsCreated: 250 }), (750 + 4000) / 25, 'the pace seen (25 rows/s) is slower than the budget');
    estimate.finishedReading();
    assert.equal(estimate.secondsLeft({ ...counters, rowsCreated: 1000 }), 0, 'all read and all answered');
    assert.equal(new RunEstimate(null).secondsLeft(counters), null, 'unknown size: no estimate');
  });

  test("a destination's budget in rows a second is its slowest budget times its batch size", () => {
    const activeCampaign = {
      requestsPerSecond: 5,
      maxBatchSize: 250,
      routes: [{ pathPrefix: '/api/3/import/bulk_import', requests: 100, perMs: 60_000 }],
    };
    assert.equal(Math.round(budgetRowsPerSecond(activeCampaign)), 417);
    assert.equal(budgetRowsPerSecond({ requestsPerSecond: 5, maxBatchSize: 1 }), 5);
  });

  test('counters are stored column by column from the given parameter on', () => {
    const { set, values } = countersSql({ rowsRead: 1, rowsChanged: 2, rowsUnchanged: 3, rowsCreated: 4, rowsUpdated: 5, rowsRejected: 6 }, 3);
    assert.equal(set, 'rows_read = $3, rows_changed = $4, rows_unchanged = $5, rows_created = $6, rows_updated = $7, rows_rejected = $8');
    assert.deepEqual(values, [1, 2, 3, 4, 5, 6]);
  });
});

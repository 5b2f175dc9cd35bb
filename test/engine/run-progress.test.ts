import assert from 'node:assert/strict';
import { describe, test } from '@jest/globals';
import { countersSql, progressOf, zeroCounters } from '../../src/engine/run/run-progress';

describe('run progress', () => {
  test('rows done over the rows expected (the last run’s rowsRead, else the rows read so far), below 1 until the end', () => {
    const counters = { ...zeroCounters(), rowsRead: 100, rowsUnchanged: 40, rowsCreated: 10, rowsRejected: 10 };
    assert.equal(progressOf(counters, 1000), 0.06);
    assert.equal(progressOf(counters, null), 0.6);
    assert.equal(progressOf({ ...counters, rowsRead: 2000 }, 1000), 0.03, 'a model that grew past the last run counts what was read');
    assert.equal(progressOf({ ...counters, rowsUnchanged: 80 }, 100), 0.99);
    assert.equal(progressOf(zeroCounters(), null), 0);
  });

  test('counters are stored column by column from the given parameter on', () => {
    const { set, values } = countersSql({ rowsRead: 1, rowsChanged: 2, rowsUnchanged: 3, rowsCreated: 4, rowsUpdated: 5, rowsRejected: 6 }, 3);
    assert.equal(set, 'rows_read = $3, rows_changed = $4, rows_unchanged = $5, rows_created = $6, rows_updated = $7, rows_rejected = $8');
    assert.deepEqual(values, [1, 2, 3, 4, 5, 6]);
  });
});

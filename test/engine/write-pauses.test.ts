import assert from 'node:assert/strict';
import { afterEach, describe, jest, test } from '@jest/globals';
import { DestinationError } from '../../src/errors';
import { WritePauses } from '../../src/engine/transfer/write-pauses';

const busy = (ms: number) => new DestinationError('the importer is busy', true, {}, { retryAfterMs: ms });

/** A write that fails with `error` the first `failures` times it is called, then returns its call count. */
function flaky(failures: number, error: () => Error) {
  let calls = 0;
  const write = async () => {
    calls += 1;
    if (calls <= failures) throw error();
    return calls;
  };
  return { write, calls: () => calls };
}

describe('write pauses', () => {
  test('eight writes refused at once share one pause, then all go through', async () => {
    const paused: number[] = [];
    const pauses = new WritePauses(new AbortController().signal, (ms) => paused.push(ms));
    const writes = Array.from({ length: 8 }, () => flaky(1, () => busy(150)));
    const started = Date.now();
    const results = await Promise.all(writes.map((w) => pauses.write(w.write)));
    const elapsed = Date.now() - started;
    assert.deepEqual(results, Array(8).fill(2), 'each written twice: refused, then accepted');
    assert.deepEqual(paused, [150], 'one pause for all of them');
    assert.ok(elapsed >= 140 && elapsed < 600, `they waited one pause, not eight (${elapsed} ms)`);
  });

  test('a run takes three pauses at most; then the refusal goes to the caller', async () => {
    let pausesTaken = 0;
    const pauses = new WritePauses(new AbortController().signal, () => (pausesTaken += 1));
    const always = flaky(Infinity, () => busy(10));
    await assert.rejects(pauses.write(always.write), /the importer is busy/);
    assert.equal(pausesTaken, 3);
    assert.equal(always.calls(), 4);
    const later = flaky(1, () => busy(10));
    await assert.rejects(pauses.write(later.write), /the importer is busy/, 'the run has no pause left');
    assert.equal(later.calls(), 1);
  });

  test('a write refused again right after a pause opens the next pause, even when the wall clock reads a little early', async () => {
    // Timers and Date.now() keep different clocks: a 10 ms timer may end when Date.now() says 9 ms have passed.
    const realNow = Date.now.bind(Date);
    let lagMs = 0;
    jest.spyOn(Date, 'now').mockImplementation(() => realNow() - lagMs);
    let pausesTaken = 0;
    const pauses = new WritePauses(new AbortController().signal, () => (pausesTaken += 1));
    let calls = 0;
    const write = async () => {
      calls += 1;
      if (calls === 2) lagMs = 5; // from the first retry on, the wall clock reads 5 ms behind the timers
      throw busy(10);
    };
    await assert.rejects(pauses.write(write), /the importer is busy/);
    assert.equal(pausesTaken, 3);
    assert.equal(calls, 4, 'one write after each pause, none inside one');
  });

  afterEach(() => {
    jest.restoreAllMocks();
  });

  test('only a retryable DestinationError with a sane retryAfterMs pauses', async () => {
    const pauses = new WritePauses(new AbortController().signal, () => assert.fail('no pause'));
    for (const error of [
      new DestinationError('outage', true),
      new DestinationError('refused', false, {}, { retryAfterMs: 10 }),
      new DestinationError('too long', true, {}, { retryAfterMs: 10 * 60_000 }),
      new Error('a bug'),
    ]) {
      const once = flaky(1, () => error);
      await assert.rejects(pauses.write(once.write), (thrown) => thrown === error);
      assert.equal(once.calls(), 1, error.message);
    }
  });

  test('aborting the signal ends a pause at once with its reason', async () => {
    const controller = new AbortController();
    const pauses = new WritePauses(controller.signal, () => setTimeout(() => controller.abort(new Error('shutdown')), 20));
    const started = Date.now();
    await assert.rejects(pauses.write(flaky(1, () => busy(60_000)).write), /shutdown/);
    assert.ok(Date.now() - started < 1_000);
  });
});

import assert from 'node:assert/strict';
import { describe, test } from '@jest/globals';
import { ImportPacer } from '../../../src/plugins/destinations/activecampaign/contacts/import-pacing';

const poll = { firstIntervalMs: 1_000, maxIntervalMs: 5_000, timeoutMs: 60_000 };

/** The polls one import of `durationMs` takes under the pacer, and the waits before each. */
function run(pacer: ImportPacer, durationMs: number): number[] {
  const waits: number[] = [];
  let waited = 0;
  for (let n = 1; ; n += 1) {
    const wait = pacer.waitBefore(n, waits.at(-1) ?? 0);
    waits.push(wait);
    waited += wait;
    if (waited >= durationMs) {
      pacer.observe(n, waited);
      return waits;
    }
  }
}

describe('import polling pace', () => {
  test("a run's first import is polled after firstIntervalMs, then at steps growing by half, never more than maxIntervalMs apart", () => {
    assert.deepEqual(run(new ImportPacer(poll), 9_000), [1_000, 1_000, 1_500, 2_250, 3_375]);
    assert.deepEqual(run(new ImportPacer(poll), 30_000).slice(-3), [5_000, 5_000, 5_000], 'never more than maxIntervalMs apart');
  });

  test('later imports are first polled after about as long as the last one took: one poll each for a steady pace', () => {
    const pacer = new ImportPacer(poll);
    assert.equal(run(pacer, 2_500).length, 3, 'the first import: 1 s, 2 s, 3 s');
    const polls = Array.from({ length: 10 }, () => run(pacer, 2_500).length);
    assert.ok(
      polls.slice(0, 2).every((n) => n === 1),
      `the next ones are found done at the first poll: ${polls}`,
    );
    assert.ok(polls.reduce((a, b) => a + b, 0) <= 13, `about one poll an import: ${polls}`);
  });

  test('the first poll follows imports that get quicker or slower', () => {
    const pacer = new ImportPacer(poll);
    run(pacer, 3_000);
    for (let i = 0; i < 20; i += 1) run(pacer, 1_200);
    const quick = run(pacer, 1_200);
    assert.ok(quick[0] < 2_000, `down towards 1.2 s: ${quick}`);
    const slow = run(pacer, 4_000);
    assert.ok(slow.length <= 4, `a slower import is caught up with in a few polls: ${slow}`);
    assert.ok(run(pacer, 4_000)[0] >= 4_000, 'and the next one waits for it');
  });
});

import { describe, expect, test } from '@jest/globals';
import { InvalidLimitsError } from '../../../src/engine/http/invalid-limits-error';
import { sourceBudget } from '../../../src/engine/http/source-dispatcher';

describe("a source's limits() as a budget", () => {
  test('a good budget is kept, under a key of its own (never shared with a destination account of the same name)', () => {
    expect(sourceBudget({ key: 'google-sheets a@b.iam.gserviceaccount.com', requests: 60, perMs: 60_000 })).toEqual({
      key: 'source google-sheets a@b.iam.gserviceaccount.com',
      requests: 60,
      perMs: 60_000,
    });
  });

  test.each([
    [{ key: ' ', requests: 60, perMs: 60_000 }, 'key', /limits\(\)\.key must name who the quota counts/],
    [{ key: 'k', requests: 0, perMs: 60_000 }, 'requests', /limits\(\)\.requests must be a positive integer, got 0/],
    [{ key: 'k', requests: 1.5, perMs: 60_000 }, 'requests', /positive integer, got 1\.5/],
    [{ key: 'k', requests: 60, perMs: -1 }, 'perMs', /limits\(\)\.perMs must be a positive number, got -1/],
  ])('unusable limits are refused, naming the field: %j', (limits, field, message) => {
    let error: unknown;
    try {
      sourceBudget(limits);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(InvalidLimitsError);
    expect((error as InvalidLimitsError).field).toBe(field);
    expect((error as Error).message).toMatch(message);
  });
});

import assert from 'node:assert/strict';
import { describe, test } from '@jest/globals';
import type { DataSource } from 'typeorm';
import type { SyncScheduler } from '../../src/engine/schedule/sync-scheduler';
import { createLoaders } from '../../src/schema/loaders';

/** A database that records how many ids each lookup by id is given, and answers every id. */
function countingDatabase() {
  const idsPerQuery: number[] = [];
  const db = {
    getRepository: () => ({
      findBy: async (where: { id: { value: string[] } }) => {
        idsPerQuery.push(where.id.value.length);
        return where.id.value.map((id) => ({ id }));
      },
    }),
  } as unknown as DataSource;
  return { db, idsPerQuery };
}

describe('data loaders batch at most FERRY_LOADER_MAX_BATCH ids per query', () => {
  test('an operation asking for 1,200 sources, alongside another asking for 300, never sends more than the batch size in one query', async () => {
    const { db, idsPerQuery } = countingDatabase();
    const scheduler = {} as SyncScheduler;
    const first = createLoaders(db, scheduler, 50);
    const second = createLoaders(db, scheduler, 50);
    const ids = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}-${i}`);
    const [a, b] = await Promise.all([first.source.loadMany(ids('a', 1200)), second.source.loadMany(ids('b', 300))]);
    assert.equal(a.length + b.length, 1500);
    assert.ok(
      a.every((row) => !(row instanceof Error)),
      'every id answered',
    );
    assert.equal(
      idsPerQuery.reduce((sum, n) => sum + n, 0),
      1500,
      'each id asked for once',
    );
    assert.ok(Math.max(...idsPerQuery) <= 50, `largest query: ${Math.max(...idsPerQuery)} ids`);
  });
});

import assert from 'node:assert/strict';
import { describe, test } from '@jest/globals';
import { Client } from 'pg';
import { SharedBatch } from '../../src/schema/shared-batch';
import { useApiFerryFixture } from '../helpers/api-ferry-fixture';
import { contactSyncSpec, createSync, trigger } from '../helpers/sync-fixtures';

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('SharedBatch', () => {
  test('keys asked for in one turn go out in one query, each key once', async () => {
    const queries: string[][] = [];
    const batch = new SharedBatch<string, string>(async (keys) => (queries.push(keys), keys.map((k) => k.toUpperCase())));
    assert.deepEqual(await Promise.all([batch.load('a'), batch.load('b'), batch.load('a')]), ['A', 'B', 'A']);
    assert.deepEqual(queries, [['a', 'b']]);
  });

  test('keys asked for while a query runs wait for the next query, never for the running one (no stale rows)', async () => {
    const queries: string[][] = [];
    let version = 0;
    const releases: Array<() => void> = [];
    const batch = new SharedBatch<string, string>((keys) => {
      queries.push(keys);
      const answer = keys.map((k) => `${k}@${version}`);
      return new Promise((resolve) => releases.push(() => resolve(answer)));
    });
    const first = batch.load('x');
    await tick();
    assert.equal(queries.length, 1);
    version = 1; // a write lands after the first query started
    const later = [batch.load('x'), batch.load('y')];
    await tick();
    assert.equal(queries.length, 1, 'no second query while the first runs');
    releases.shift()!();
    assert.equal(await first, 'x@0');
    await tick();
    assert.deepEqual(queries[1], ['x', 'y'], 'the waiting keys went out together');
    releases.shift()!();
    assert.deepEqual(await Promise.all(later), ['x@1', 'y@1'], 'they saw the write');
  });

  test('a missing row fails its own key; a failed query fails every key of it, and the next query still runs', async () => {
    let fail = true;
    const batch = new SharedBatch<string, string>(async (keys) => {
      if (fail) throw new Error('database down');
      return keys.map((k) => (k === 'gone' ? new Error(`${k} not found`) : k));
    });
    await assert.rejects(Promise.all([batch.load('a'), batch.load('b')]), /database down/);
    fail = false;
    const [ok, gone] = await Promise.allSettled([batch.load('a'), batch.load('gone')]);
    assert.deepEqual(ok, { status: 'fulfilled', value: 'a' });
    assert.match(String((gone as PromiseRejectedResult).reason), /gone not found/);
  });
});

/** Counts the SQL statements this process sends to PostgreSQL while `work` runs. */
async function countQueries(work: () => Promise<unknown>): Promise<number> {
  const original = Client.prototype.query;
  let count = 0;
  Client.prototype.query = function (this: Client, ...args: unknown[]) {
    count += 1;
    return (original as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof original;
  try {
    await work();
  } finally {
    Client.prototype.query = original;
  }
  return count;
}

describe('concurrent operations share their reads', () => {
  const fixture = useApiFerryFixture();

  test('40 clients listing syncs with their last run at once cost fewer queries than 2 each, and each gets every sync and its newest run', async () => {
    const { ferry, fake, warehouse } = fixture;
    const expected = new Map<string, string | null>();
    for (let i = 0; i < 3; i += 1) {
      const spec = contactSyncSpec(warehouse, fake, {
        sql: `SELECT 'someone@example.com' AS email`,
        mappings: [],
        name: `shared ${i}`,
        fake: undefined,
      });
      const { syncId } = await createSync(ferry.client, spec);
      expected.set(syncId, i === 0 ? null : (await trigger(ferry.client, syncId)).id);
    }
    type Result = { syncs: Array<{ id: string; lastRun: { id: string } | null }> };
    let results: Result[] = [];
    const statements = await countQueries(async () => {
      results = await Promise.all(Array.from({ length: 40 }, () => ferry.client.data<Result>('{ syncs { id lastRun { id } } }')));
    });
    console.log(`40 concurrent sync lists: ${statements} SQL statements`);
    // Alone, each operation is two statements (the list, then the last runs): overlapping ones shared theirs.
    assert.ok(statements < 80, `${statements} statements for 40 operations`);
    for (const result of results) {
      assert.deepEqual(new Map(result.syncs.map((sync) => [sync.id, sync.lastRun?.id ?? null])), expected);
    }
  });

  test('a sync created just before a list is in it (reads start after the request)', async () => {
    const { ferry, fake, warehouse } = fixture;
    const spec = contactSyncSpec(warehouse, fake, { sql: `SELECT 'someone@example.com' AS email`, mappings: [], name: 'fresh', fake: undefined });
    const readers = Array.from({ length: 10 }, () => ferry.client.data<{ syncs: Array<{ id: string }> }>('{ syncs { id } }'));
    const { syncId } = await createSync(ferry.client, spec);
    const after = await ferry.client.data<{ syncs: Array<{ id: string }> }>('{ syncs { id } }');
    await Promise.all(readers);
    assert.ok(after.syncs.some((sync) => sync.id === syncId));
  });

  test('triggerSync of a sync that does not exist is NOT_FOUND, with or without a UUID', async () => {
    for (const id of ['00000000-0000-4000-8000-000000000000', 'not-a-uuid']) {
      const error = await fixture.ferry.client.error('mutation($id: ID!) { triggerSync(id: $id) { id } }', { id });
      assert.equal(error.code, 'NOT_FOUND', id);
      assert.match(error.message, /Sync ".*" not found/);
    }
  });
});

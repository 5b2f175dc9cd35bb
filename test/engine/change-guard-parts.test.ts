import assert from 'node:assert/strict';
import { deepEqual as looseDeepEqual } from 'node:assert';
import { types } from 'node:util';
import { afterAll, beforeAll, describe, test } from '@jest/globals';
import type { Pool } from 'pg';
import type { DataSource } from 'typeorm';
import { RunTrigger } from '../../src/entities';
import { enginePool } from '../../src/engine/engine-pool';
import { changeLimit, guardAdvice, guardBreach } from '../../src/engine/guard/change-limit';
import { HeldChanges } from '../../src/engine/guard/held-changes';
import { queueRun } from '../../src/engine/queue/queue-run';
import type { OutgoingRecord } from '../../src/engine/transfer/batch-writer';
import { openDatabase } from '../../src/database/data-source';
import { createTestDatabase } from '../helpers/database';

describe('the change limit of a guard', () => {
  test('the smaller of maxRecords and maxPercent of what was written, rounded down; no percentage while nothing is written', () => {
    assert.equal(changeLimit({ maxRecords: 50, maxPercent: null }, 0), 50);
    assert.equal(changeLimit({ maxRecords: null, maxPercent: 20 }, 0), null);
    assert.equal(changeLimit({ maxRecords: 7, maxPercent: 20 }, 0), 7);
    assert.equal(changeLimit({ maxRecords: null, maxPercent: 20 }, 1_000), 200);
    assert.equal(changeLimit({ maxRecords: 150, maxPercent: 20 }, 1_000), 150);
    assert.equal(changeLimit({ maxRecords: null, maxPercent: 20 }, 9), 1, '1.8 records round down to 1');
    assert.equal(changeLimit({ maxRecords: null, maxPercent: 0.7 }, 10_000), 70, '0.7 × 10,000 is 70, not 69 by float noise');
    assert.equal(changeLimit({ maxRecords: null, maxPercent: 100 }, 3), 3);
  });

  test('a breach names the count, the share and each limit exceeded; none at or under the limit', () => {
    const guard = { maxRecords: 1_000, maxPercent: 20 };
    assert.equal(guardBreach(guard, 10_000, 1_000), null, 'exactly the limit goes through');
    assert.equal(
      guardBreach(guard, 10_000, 2_500),
      "it would send 2,500 records (new or changed), 25% of the 10,000 records Ferry has written for this sync, above the guard's maxRecords 1,000 and maxPercent 20% (2,000 of 10,000 records)",
    );
    assert.equal(
      guardBreach(guard, 3_000, 1_001),
      "it would send 1,001 records (new or changed), 33.4% of the 3,000 records Ferry has written for this sync, above the guard's maxRecords 1,000 and maxPercent 20% (600 of 3,000 records)",
    );
    assert.equal(
      guardBreach({ maxRecords: 10, maxPercent: 50 }, 0, 11, true),
      "it would send 11 records (every valid row, as a full resync does), above the guard's maxRecords 10",
    );
    assert.equal(guardBreach({ maxRecords: null, maxPercent: 50 }, 0, 1_000_000), null, 'a percentage alone does not hold a first run');
  });

  test('the advice lets a stopped full resync through as a full resync (force alone would send only the changes)', () => {
    assert.match(guardAdvice('s1', 'Customers'), /with triggerSync\(id: "s1", force: true\), or raise/);
    assert.match(guardAdvice('s1', 'Customers', true), /with triggerSync\(id: "s1", fullResync: true, force: true\), or raise/);
  });
});

describe('records held by a guarded run, and force on a queued run', () => {
  let url: string;
  let db: DataSource;
  let pool: Pool;

  beforeAll(async () => {
    url = await createTestDatabase();
    db = await openDatabase(url);
    pool = enginePool(db);
  });
  afterAll(() => db?.destroy());

  const record = (n: number, fields: Record<string, unknown> = {}): OutgoingRecord => ({
    record: { key: `k${n}`, fields: { email: `k${n}`, ...fields } },
    hash: `h${n}`,
  });

  test('held batches come back in order with their values as they were (Dates, big integers, bytes)', async () => {
    const held = await HeldChanges.open(url, 10);
    try {
      const first = [record(1, { at: new Date('2024-03-01T10:00:00Z'), big: 12345678901234567890n, bytes: new Uint8Array([1, 2, 3]) }), record(2)];
      const second = [record(3, { nested: { list: ['a', null, 1.5] } })];
      await held.add(first);
      await held.add([]);
      await held.add(second);
      assert.equal(held.count, 3);
      assert.equal(held.exceeded, false);
      const released: OutgoingRecord[][] = [];
      for await (const batch of held.release()) released.push(batch);
      // V8's deserializer builds objects in the main realm, not in Jest's test context: compare values, not prototypes.
      looseDeepEqual(released, [first, second]);
      const { at, big, bytes } = released[0][0].record.fields;
      assert.deepEqual([types.isDate(at), typeof big, types.isUint8Array(bytes)], [true, 'bigint', true]);
      assert.equal((at as Date).toISOString(), '2024-03-01T10:00:00.000Z');
      assert.equal(big, 12345678901234567890n);
    } finally {
      await held.close();
    }
  });

  test('past the limit the records are only counted, and the table goes with the connection', async () => {
    const held = await HeldChanges.open(url, 3);
    await held.add([record(1), record(2), record(3)]);
    assert.equal(held.exceeded, false, 'exactly the limit');
    await held.add([record(4)]);
    await held.add([record(5), record(6)]);
    assert.deepEqual([held.count, held.exceeded], [6, true]);
    const batches: OutgoingRecord[][] = [];
    for await (const batch of held.release()) batches.push(batch);
    looseDeepEqual(batches, [[record(1), record(2), record(3)]], 'nothing past the limit was held');
    const tables = async () => (await pool.query(`SELECT count(*)::int AS n FROM pg_class WHERE relname = 'ferry_held_changes'`)).rows[0].n;
    assert.equal(await tables(), 1);
    await held.close();
    assert.equal(await tables(), 0);
  });

  test('force asked for a sync whose run is queued applies to that run; a running run keeps its own', async () => {
    const [{ id: sourceId }] = await db.query(`INSERT INTO sources (name, type, config) VALUES ('s', 'postgres', '{}') RETURNING id`);
    const [{ id: modelId }] = await db.query(`INSERT INTO models (name, source_id, sql) VALUES ('m', $1, 'SELECT 1') RETURNING id`, [sourceId]);
    const [{ id: destinationId }] = await db.query(`INSERT INTO destinations (name, type, config) VALUES ('d', 'memory', '{}') RETURNING id`);
    const [{ id: syncId }] = await db.query(
      `INSERT INTO syncs (name, model_id, destination_id, object, behavior, sync_key, mappings, schedule)
       VALUES ('x', $1, $2, 'person', 'UPDATE_OR_CREATE', '{}', '[]', '{}') RETURNING id`,
      [modelId, destinationId],
    );
    const force = async (runId: string) => (await pool.query('SELECT force FROM sync_runs WHERE id = $1', [runId])).rows[0].force;

    const scheduled = await queueRun(pool, syncId, { fullResync: false, trigger: RunTrigger.SCHEDULE });
    assert.equal(await force(scheduled.runId), false, 'a scheduled run is never forced');
    const asked = await queueRun(pool, syncId, { fullResync: false, trigger: RunTrigger.MANUAL, force: true });
    assert.deepEqual(asked, { runId: scheduled.runId, created: false });
    assert.equal(await force(scheduled.runId), true, 'the queued run has not met its guard yet: it takes the force');
    await queueRun(pool, syncId, { fullResync: false, trigger: RunTrigger.SCHEDULE });
    assert.equal(await force(scheduled.runId), true, 'asking again without force does not take it back');

    await pool.query(`UPDATE sync_runs SET status = 'RUNNING', force = false WHERE id = $1`, [scheduled.runId]);
    await queueRun(pool, syncId, { fullResync: false, trigger: RunTrigger.MANUAL, force: true });
    assert.equal(await force(scheduled.runId), false, 'a running run is past its guard');

    await pool.query(`UPDATE sync_runs SET status = 'SUCCEEDED' WHERE id = $1`, [scheduled.runId]);
    const next = await queueRun(pool, syncId, { fullResync: false, trigger: RunTrigger.MANUAL, force: true });
    assert.equal(next.created, true);
    assert.equal(await force(next.runId), true);
  });
});

import assert from 'node:assert/strict';
import { afterAll, beforeAll, describe, test } from '@jest/globals';
import { Pool } from 'pg';
import type { DataSource } from 'typeorm';
import { enginePool } from '../../src/engine/engine-pool';
import { SnapshotDiff } from '../../src/engine/snapshot/snapshot-diff';
import { saveSnapshot } from '../../src/engine/snapshot/snapshot-store';
import { openDatabase } from '../../src/database/data-source';
import { createTestDatabase } from '../helpers/database';

describe('the snapshot diff and store, in PostgreSQL', () => {
  let url: string;
  let db: DataSource;
  let pool: Pool;
  let syncId: string;

  beforeAll(async () => {
    url = await createTestDatabase();
    db = await openDatabase(url);
    pool = enginePool(db);
    const [{ id: sourceId }] = await db.query(`INSERT INTO sources (name, type, config) VALUES ('s', 'postgres', '{}') RETURNING id`);
    const [{ id: modelId }] = await db.query(`INSERT INTO models (name, source_id, sql) VALUES ('m', $1, 'SELECT 1') RETURNING id`, [sourceId]);
    const [{ id: destinationId }] = await db.query(`INSERT INTO destinations (name, type, config) VALUES ('d', 'memory', '{}') RETURNING id`);
    [{ id: syncId }] = await db.query(
      `INSERT INTO syncs (name, model_id, destination_id, object, behavior, sync_key, mappings, schedule)
       VALUES ('x', $1, $2, 'person', 'UPDATE_OR_CREATE', '{}', '[]', '{}') RETURNING id`,
      [modelId, destinationId],
    );
  });
  afterAll(() => db?.destroy());

  test('new and changed records come back; unchanged ones do not; a key seen in an earlier batch is a duplicate', async () => {
    await saveSnapshot(pool, syncId, [
      { key: 'same', hash: 'h1', externalId: '10' },
      { key: 'changed', hash: 'old', externalId: null },
    ]);
    const diff = await SnapshotDiff.open(url, syncId, { compare: true });
    try {
      const first = await diff.classify(['same', 'changed', 'fresh'], ['h1', 'new', 'h3']);
      assert.deepEqual([...first.changed].sort(), [1, 2]);
      assert.deepEqual([...first.duplicates], []);
      const second = await diff.classify(['fresh', 'another', 'same'], ['h3', 'h4', 'h1']);
      assert.deepEqual([...second.duplicates].sort(), [0, 2], 'keys of the first batch are duplicates in the second');
      assert.deepEqual([...second.changed], [1]);
      assert.deepEqual(await diff.classify([], []), { duplicates: new Set(), changed: new Set() });
    } finally {
      await diff.close();
    }
  });

  test('without comparing (fullResync, first run) every first-seen record is changed; seen keys belong to one diff only', async () => {
    const diff = await SnapshotDiff.open(url, syncId, { compare: false });
    try {
      const { changed, duplicates } = await diff.classify(['same', 'fresh'], ['h1', 'h3']);
      assert.deepEqual([...changed].sort(), [0, 1]);
      assert.equal(duplicates.size, 0, 'another run (another diff) starts with no seen keys');
    } finally {
      await diff.close();
    }
  });

  test('past the in-memory capacity, seen keys go to a temporary table and duplicates are still found', async () => {
    const diff = await SnapshotDiff.open(url, syncId, { compare: false, memorySlots: 8 });
    try {
      const keys = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => `key${from + i}`);
      const first = await diff.classify(keys(1, 10), keys(1, 10));
      assert.equal(first.duplicates.size, 0);
      assert.equal(first.changed.size, 10);
      // key1..key4 sit in memory (capacity 8 slots, half full), key5..key10 in the table; key11..key12 are new.
      const second = await diff.classify(['key2', 'key7', 'key11', 'key10', 'key12'], ['a', 'b', 'c', 'd', 'e']);
      assert.deepEqual([...second.duplicates].sort(), [0, 1, 3]);
      assert.deepEqual([...second.changed].sort(), [2, 4]);
      const third = await diff.classify(['key11', 'key12', 'key13'], ['a', 'b', 'c']);
      assert.deepEqual([...third.duplicates].sort(), [0, 1]);
    } finally {
      await diff.close();
    }
  });

  test('deleting a sync deletes its snapshot', async () => {
    const [{ id: otherId }] = await db.query(
      `INSERT INTO syncs (name, model_id, destination_id, object, behavior, sync_key, mappings, schedule)
       SELECT 'other', model_id, destination_id, object, behavior, sync_key, mappings, schedule FROM syncs WHERE id = $1 RETURNING id`,
      [syncId],
    );
    await saveSnapshot(pool, otherId, [{ key: 'a', hash: 'h', externalId: null }]);
    assert.equal((await db.query(`SELECT count(*)::int AS n FROM sync_snapshots WHERE sync_id = $1`, [otherId]))[0].n, 1);
    await db.query(`DELETE FROM syncs WHERE id = $1`, [otherId]);
    assert.equal((await db.query(`SELECT count(*)::int AS n FROM sync_snapshots WHERE sync_id = $1`, [otherId]))[0].n, 0);
    assert.ok((await db.query(`SELECT count(*)::int AS n FROM sync_snapshots WHERE sync_id = $1`, [syncId]))[0].n > 0, 'other syncs keep theirs');
  });

  test('saveSnapshot upserts: the hash is replaced, an external id is kept when the new write gives none', async () => {
    await saveSnapshot(pool, syncId, [{ key: 'same', hash: 'h9', externalId: null }]);
    const rows = await db.query(`SELECT hash, external_id FROM sync_snapshots WHERE sync_id = $1 AND record_key = 'same'`, [syncId]);
    assert.deepEqual(rows, [{ hash: 'h9', external_id: '10' }]);
  });
});

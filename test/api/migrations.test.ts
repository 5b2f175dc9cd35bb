import assert from 'node:assert/strict';
import { test } from '@jest/globals';
import { openDatabase } from '../../src/database/data-source';
import { migrations } from '../../src/migrations';
import { createTestDatabase } from '../helpers/database';

test('migrations create every table, are recorded, and running them again changes nothing', async () => {
  const url = await createTestDatabase();
  const db = await openDatabase(url);
  try {
    assert.equal(db.options.synchronize, false);
    const tables = (await db.query(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name`)).map(
      (r: { table_name: string }) => r.table_name,
    );
    for (const table of ['api_tokens', 'destinations', 'models', 'rejected_rows', 'sources', 'sync_runs', 'sync_snapshots', 'syncs']) {
      assert.ok(tables.includes(table), `${table} exists`);
    }
    const applied = await db.query('SELECT name FROM migrations ORDER BY id');
    assert.deepEqual(
      applied.map((m: { name: string }) => m.name),
      migrations.map((m) => new m().name ?? m.name),
    );
    assert.deepEqual(await db.runMigrations(), [], 'nothing left to apply');
  } finally {
    await db.destroy();
  }
});

test('processes starting together on a fresh database migrate one at a time', async () => {
  const url = await createTestDatabase();
  const opened = await Promise.all([openDatabase(url), openDatabase(url), openDatabase(url)]);
  try {
    const applied = await opened[0].query('SELECT count(*)::int AS n FROM migrations');
    assert.equal(applied[0].n, migrations.length);
  } finally {
    await Promise.all(opened.map((db) => db.destroy()));
  }
});

import assert from 'node:assert/strict';
import { afterAll, beforeAll, describe, test } from '@jest/globals';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { openDatabase } from '../../src/database/data-source';
import { RunStatus, RunTrigger, Sync, SyncRun } from '../../src/entities';
import { createLogger } from '../../src/logger';
import { publishRunChange, RunEvents } from '../../src/events/run-events';
import { startTestFerry, type TestFerry } from '../helpers/ferry-server';
import { collectSubscription } from '../helpers/graphql-client';

describe('run changes cross processes through PostgreSQL LISTEN/NOTIFY', () => {
  let ferry: TestFerry;
  let other: DataSource;
  let syncId: string;

  beforeAll(async () => {
    ferry = await startTestFerry();
    // Another "process": its own DataSource and connections, as a worker elsewhere would have.
    other = await openDatabase(ferry.databaseUrl);
    const raw = new Client({ connectionString: ferry.databaseUrl });
    await raw.connect();
    const source = await raw.query(`INSERT INTO sources (name, type, config) VALUES ('s', 'postgres', '{}') RETURNING id`);
    const destination = await raw.query(`INSERT INTO destinations (name, type, config) VALUES ('d', 'activecampaign', '{}') RETURNING id`);
    const model = await raw.query(`INSERT INTO models (name, source_id, sql) VALUES ('m', $1, 'select 1') RETURNING id`, [source.rows[0].id]);
    const sync = await raw.query(
      `INSERT INTO syncs (name, model_id, destination_id, object, behavior, sync_key, mappings, schedule)
       VALUES ('sync', $1, $2, 'contact', 'UPDATE_OR_CREATE', '{"column":"email","field":"email"}', '[]', '{"kind":"MANUAL"}') RETURNING id`,
      [model.rows[0].id, destination.rows[0].id],
    );
    syncId = sync.rows[0].id;
    await raw.end();
  });
  afterAll(async () => {
    await other.destroy();
    await ferry.stop();
  });

  const newRun = () => other.getRepository(SyncRun).save({ syncId, status: RunStatus.QUEUED, trigger: RunTrigger.MANUAL, fullResync: false });

  test('a NOTIFY sent on one connection reaches a RunEvents listener on another', async () => {
    const events = new RunEvents(ferry.databaseUrl, createLogger('error'));
    await events.start();
    const changes = events.changes();
    const received = changes.next();
    await publishRunChange(other, 'run-42');
    assert.deepEqual(await received, { done: false, value: 'run-42' });
    await changes.return!();
    assert.deepEqual(await changes.next(), { done: true, value: undefined }, 'a finished iterator stays finished');
    await events.close();
  });

  test('syncRunUpdated streams each change made by another connection and completes after the terminal status', async () => {
    const run = await newRun();
    const socket = ferry.client.webSocket();
    const subscription = collectSubscription<{ syncRunUpdated: { status: string; rowsRead: number } }>(
      socket,
      'subscription($id: ID!) { syncRunUpdated(runId: $id) { status rowsRead } }',
      { id: run.id },
    );
    await waitFor(() => subscription.events.length === 1);
    for (const [status, rowsRead] of [
      [RunStatus.RUNNING, 10],
      [RunStatus.RUNNING, 20],
      [RunStatus.SUCCEEDED, 30],
    ] as const) {
      await other.getRepository(SyncRun).update(run.id, { status, rowsRead });
      await publishRunChange(other, run.id);
      await waitFor(() => subscription.events.at(-1)?.syncRunUpdated.rowsRead === rowsRead);
    }
    const events = await subscription.done;
    assert.deepEqual(
      events.map((e) => e.syncRunUpdated),
      [
        { status: 'QUEUED', rowsRead: 0 },
        { status: 'RUNNING', rowsRead: 10 },
        { status: 'RUNNING', rowsRead: 20 },
        { status: 'SUCCEEDED', rowsRead: 30 },
      ],
    );
    await socket.dispose();
  });

  test('syncRunsUpdated streams every run change, filtered by sync when asked', async () => {
    const { id: _id, ...template } = await other.getRepository(Sync).findOneByOrFail({ id: syncId });
    const otherSync = await other.getRepository(Sync).save({ ...template, name: 'other' });
    const socket = ferry.client.webSocket();
    const all = collectSubscription<{ syncRunsUpdated: { id: string } }>(
      socket,
      'subscription { syncRunsUpdated { id } }',
      {},
      (e) => e.length === 2,
    );
    const filtered = collectSubscription<{ syncRunsUpdated: { id: string } }>(
      socket,
      'subscription($s: ID) { syncRunsUpdated(syncId: $s) { id } }',
      { s: syncId },
      (e) => e.length === 1,
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    const foreign = await other
      .getRepository(SyncRun)
      .save({ syncId: otherSync.id, status: RunStatus.QUEUED, trigger: RunTrigger.MANUAL, fullResync: false });
    await publishRunChange(other, foreign.id);
    await other.getRepository(SyncRun).update({ syncId, status: RunStatus.QUEUED }, { status: RunStatus.CANCELLED });
    const mine = await newRun();
    await publishRunChange(other, mine.id);
    assert.deepEqual(
      (await all.done).map((e) => e.syncRunsUpdated.id),
      [foreign.id, mine.id],
    );
    assert.deepEqual(
      (await filtered.done).map((e) => e.syncRunsUpdated.id),
      [mine.id],
    );
    await socket.dispose();
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting for the subscription');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

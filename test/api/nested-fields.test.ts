import assert from 'node:assert/strict';
import { describe, test } from '@jest/globals';
import { Client } from 'pg';
import { useApiFerryFixture } from '../helpers/api-ferry-fixture';
import { contactSyncSpec, createSync, trigger } from '../helpers/sync-fixtures';

const dashboard = `{ syncs { id name nextRunAt model { id name source { id name } } destination { id name } lastRun { id status } } }`;

/** Counts the SQL statements this process sends to PostgreSQL (Ferry's tables and Agenda's) while `work` runs. */
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

/** Nested fields load in batches: a list of syncs with their model, source, destination and last run costs the same few queries for 2 syncs as for 12. */
describe('nested fields', () => {
  const fixture = useApiFerryFixture();

  async function addSyncs(count: number): Promise<void> {
    const { ferry, fake, warehouse } = fixture;
    for (let i = 0; i < count; i += 1) {
      // No quiet-account waits (fake: undefined): nothing here measures the account's budget.
      const spec = contactSyncSpec(warehouse, fake, {
        sql: `SELECT 'someone@example.com' AS email`,
        mappings: [],
        name: `sync ${i}`,
        fake: undefined,
      });
      const { syncId } = await createSync(ferry.client, spec);
      if (i % 2 === 0) {
        const first = await trigger(ferry.client, syncId);
        // A second run for some, so lastRun must pick the newest.
        if (i % 4 === 0) {
          await ferry.client.data(`mutation($id: ID!) { cancelSyncRun(id: $id) { id } }`, { id: first.id });
          await trigger(ferry.client, syncId);
        }
      }
      if (i % 3 === 0) {
        await ferry.client.data(`mutation($id: ID!) { updateSync(id: $id, input: { schedule: { kind: INTERVAL, every: "1 hour" } }) { id } }`, {
          id: syncId,
        });
      }
    }
  }

  test('the dashboard query costs as many queries for 12 syncs as for 2, and each sync gets its own model, source, destination, last run and next run time', async () => {
    const { ferry } = fixture;
    await addSyncs(2);
    const few = await countQueries(() => ferry.client.data(dashboard));
    await addSyncs(10);
    let result:
      | {
          syncs: Array<{
            id: string;
            name: string;
            nextRunAt: string | null;
            model: { name: string; source: { id: string } };
            destination: { id: string };
            lastRun: { id: string; status: string } | null;
          }>;
        }
      | undefined;
    const many = await countQueries(async () => (result = await ferry.client.data(dashboard)));
    console.log(`dashboard query: ${few} SQL statements for 2 syncs, ${many} for 12`);
    assert.equal(many, few, `queries for 12 syncs (${many}) = queries for 2 (${few})`);
    assert.ok(few <= 10, `a handful of queries (${few})`);

    const syncs = result!.syncs;
    assert.equal(syncs.length, 12);
    const stored: Array<{
      id: string;
      model_name: string;
      source_id: string;
      destination_id: string;
      last_run: string | null;
      next_run_at: Date | null;
    }> = await ferry.ferry.db.query(
      `SELECT s.id, m.name AS model_name, m.source_id, s.destination_id,
                (SELECT r.id FROM sync_runs r WHERE r.sync_id = s.id ORDER BY r.seq DESC LIMIT 1) AS last_run,
                (SELECT j.next_run_at FROM agenda_jobs j WHERE j.name = 'ferry-sync-schedule' AND j.data->>'syncId' = s.id::text) AS next_run_at
         FROM syncs s JOIN models m ON m.id = s.model_id`,
    );
    for (const sync of syncs) {
      const row = stored.find((candidate) => candidate.id === sync.id)!;
      assert.deepEqual(
        [sync.model.name, sync.model.source.id, sync.destination.id, sync.lastRun?.id ?? null, sync.nextRunAt],
        [row.model_name, row.source_id, row.destination_id, row.last_run, row.next_run_at?.toISOString() ?? null],
        sync.name,
      );
    }
    assert.equal(syncs.filter((sync) => sync.nextRunAt).length, 5, 'the five scheduled syncs have a next run');
    assert.equal(syncs.filter((sync) => sync.lastRun).length, 6, 'half the syncs have run');
  });
});

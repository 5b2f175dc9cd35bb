import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, test } from '@jest/globals';
import { startFakeActiveCampaign, type FakeActiveCampaign } from '../fakes/activecampaign';
import { startTestFerry, type TestFerry } from '../helpers/ferry-server';
import {
  createSync,
  enginePlugins,
  runFields,
  runState,
  runsOf,
  snapshotKeys,
  startWarehouse,
  waitForRun,
  type Warehouse,
} from '../helpers/sync-fixtures';

/** Twenty imports of 250: a run writes eight at once, so a stop finds some not started. */
const CONTACTS = 5000;

describe('a run forced through its change guard, interrupted by a shutdown', () => {
  let fake: FakeActiveCampaign;
  let warehouse: Warehouse;
  const secretKey = randomBytes(32).toString('base64');
  const ferries: TestFerry[] = [];

  const startFerry = async (env: Record<string, string> = {}) => {
    const ferry = await startTestFerry({ FERRY_SECRET_KEY: secretKey, ...env }, enginePlugins);
    ferries.push(ferry);
    return ferry;
  };

  beforeAll(async () => {
    fake = await startFakeActiveCampaign({ requestsPerSecond: 5, bulkImport: { processingDelayMs: 20 } });
    warehouse = await startWarehouse();
  });

  afterAll(async () => {
    for (const ferry of ferries) await ferry.stop();
    await fake?.close();
    await warehouse?.close();
  });

  test('the run queued to send the rest is forced too, so the guard does not stop it half way', async () => {
    await warehouse.client.query(
      `CREATE TABLE forced AS SELECT 'forced' || g || '@example.com' AS email, 'F ' || g AS first_name FROM generate_series(1, ${CONTACTS}) g`,
    );
    const first = await startFerry();
    const { syncId } = await createSync(first.client, {
      warehouseUrl: warehouse.url,
      sql: 'SELECT email, first_name FROM forced ORDER BY email',
      destination: { apiUrl: fake.url, apiKey: fake.apiKey },
      syncKey: { column: 'email', field: 'email' },
      mappings: [{ from: 'first_name', to: 'firstName' }],
      name: 'forced',
      fake,
    });
    await first.client.data(`mutation($id: ID!) { updateSync(id: $id, input: { changeGuard: { maxRecords: 100 } }) { id } }`, { id: syncId });

    const slow = fake.faults.inject({ method: 'POST', path: '/import/bulk_import', fault: { type: 'latency', ms: 600 } });
    const { triggerSync: run } = await first.client.data(`mutation($id: ID!) { triggerSync(id: $id, force: true) { ${runFields} } }`, { id: syncId });
    await waitForRun(first.client, run.id, (state) => state.status === 'RUNNING' && state.rowsCreated > 0);
    await first.stop();
    slow.remove();

    const second = await startFerry({ DATABASE_URL: first.databaseUrl });
    const stopped = await runState(second.client, run.id);
    assert.match(stopped.error ?? '', /^Ferry was shut down during the run/, JSON.stringify(stopped));
    const kept = stopped.rowsCreated;
    assert.ok(kept > 0 && kept < CONTACTS, `stopped half way (${kept} of ${CONTACTS})`);
    const next = (await runsOf(second.client, syncId)).find((other) => other.id !== run.id);
    assert.ok(next, 'a run was queued to send the rest');
    const [{ force }]: Array<{ force: boolean }> = await second.ferry.db.query('SELECT force FROM sync_runs WHERE id = $1', [next.id]);
    assert.equal(force, true, 'the queued run keeps the force');
    const done = await waitForRun(second.client, next.id, undefined, 60_000);
    assert.equal(done.status, 'SUCCEEDED', JSON.stringify(done));
    assert.equal(done.rowsCreated, CONTACTS - kept, `the rest (${CONTACTS - kept}, above the guard's 100) went out`);
    assert.equal((await snapshotKeys(second, syncId)).length, CONTACTS);
  }, 60_000);
});

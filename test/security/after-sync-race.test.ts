import assert from 'node:assert/strict';
import { afterAll, beforeAll, describe, test } from '@jest/globals';
import { Client } from 'pg';
import { afterSyncFollowers } from '../../src/engine/schedule/scheduled-syncs';
import { postgresSource } from '../../src/plugins/sources/postgres';
import { createTestDatabase } from '../helpers/database';
import { postgresSourceConfig, startTestFerry, type TestFerry } from '../helpers/ferry-server';
import { memoryDestination } from '../helpers/memory-destination';

describe('AFTER_SYNC cycles cannot be made by a race, nor run', () => {
  let ferry: TestFerry;
  let base: Record<string, unknown>;
  beforeAll(async () => {
    ferry = await startTestFerry({ FERRY_ROLE: 'api' }, [postgresSource as never, memoryDestination() as never]);
    const warehouseUrl = await createTestDatabase('warehouse');
    const warehouse = new Client({ connectionString: warehouseUrl });
    await warehouse.connect();
    await warehouse.query(`CREATE TABLE people AS SELECT 'p' || g || '@example.com' AS email, 'Person ' || g AS name FROM generate_series(1, 3) g`);
    await warehouse.end();
    const { createSource } = await ferry.client.data(
      `mutation($c: JSONObject!) { createSource(input: { name: "wh", type: "postgres", config: $c }) { id } }`,
      { c: postgresSourceConfig(warehouseUrl) },
    );
    const { createModel } = await ferry.client.data(
      `mutation { createModel(input: { name: "People", sourceId: "${createSource.id}", sql: "SELECT email, name FROM people" }) { id } }`,
    );
    const { createDestination } = await ferry.client.data(
      `mutation { createDestination(input: { name: "Mem", type: "memory", config: { account: "acme", token: "secret-token" } }) { id } }`,
    );
    base = {
      modelId: createModel.id,
      destinationId: createDestination.id,
      object: 'person',
      behavior: 'UPDATE_OR_CREATE',
      syncKey: { column: 'email', field: 'email' },
      mappings: [{ from: 'name', to: 'name' }],
    };
  });
  afterAll(() => ferry.stop());

  const newSync = async (name: string) =>
    (await ferry.client.data(`mutation($input: SyncInput!) { createSync(input: $input) { id } }`, { input: { ...base, name } })).createSync
      .id as string;
  const runAfter = (id: string, afterSyncId: string) =>
    ferry.client.request(
      `mutation($id: ID!, $after: ID!) { updateSync(id: $id, input: { schedule: { kind: AFTER_SYNC, afterSyncId: $after } }) { id } }`,
      { id, after: afterSyncId },
    );

  test('two updates at once (A after B, B after A): one is refused, every time', async () => {
    for (let round = 0; round < 8; round += 1) {
      const a = await newSync(`A${round}`);
      const b = await newSync(`B${round}`);
      const [first, second] = await Promise.all([runAfter(a, b), runAfter(b, a)]);
      const refused = [first, second].filter((result) => result.errors?.length);
      assert.equal(refused.length, 1, `round ${round}: ${JSON.stringify([first, second])}`);
      assert.match(refused[0].errors![0].message, /would make a cycle/);
    }
  }, 60_000);

  test('a cycle already stored (written around the API) is not triggered', async () => {
    const a = await newSync('Loop A');
    const b = await newSync('Loop B');
    const c = await newSync('After A');
    assert.equal((await runAfter(b, a)).errors, undefined);
    assert.equal((await runAfter(c, a)).errors, undefined);
    await ferry.ferry.db.query(`UPDATE syncs SET schedule = jsonb_build_object('kind', 'AFTER_SYNC', 'afterSyncId', $2::text) WHERE id = $1`, [a, b]);
    const cycles: string[] = [];
    const followers = await afterSyncFollowers(ferry.ferry.db, a, (id) => cycles.push(id));
    assert.deepEqual(followers, [c], 'C, which only follows A, still runs');
    assert.deepEqual(cycles, [b], 'B comes back to itself through A: refused');
  });
});

import assert from 'node:assert/strict';
import { afterAll, beforeAll, describe, test } from '@jest/globals';
import { Client } from 'pg';
import { postgresSource } from '../../src/plugins/sources/postgres';
import { createTestDatabase } from '../helpers/database';
import { postgresSourceConfig, startTestFerry, type TestFerry } from '../helpers/ferry-server';
import { memoryDestination } from '../helpers/memory-destination';

const syncFields =
  'id name object behavior syncKey { column field } mappings { from constant to } schedule { kind every cron timezone afterSyncId } paused model { id } destination { id } lastRun { id } runs { totalCount edges { cursor } pageInfo { hasNextPage endCursor } }';

describe('destinations and syncs through the GraphQL API', () => {
  let ferry: TestFerry;
  let modelId: string;
  let destinationId: string;

  const base = () => ({
    modelId,
    destinationId,
    object: 'person',
    behavior: 'UPDATE_OR_CREATE',
    syncKey: { column: 'email', field: 'email' },
    mappings: [
      { from: 'name', to: 'name' },
      { constant: 'pro', to: 'plan' },
    ],
  });
  const createSync = (input: Record<string, unknown>) =>
    ferry.client.request(`mutation($input: SyncInput!) { createSync(input: $input) { ${syncFields} } }`, { input });
  const refusal = async (input: Record<string, unknown>) => {
    const result = await createSync(input);
    const error = result.errors?.[0];
    assert.ok(error, `expected a refusal, got ${JSON.stringify(result.data)}`);
    return { message: error.message, code: error.extensions?.code };
  };

  beforeAll(async () => {
    ferry = await startTestFerry({}, [postgresSource as never, memoryDestination() as never]);
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
    modelId = createModel.id;
  });
  afterAll(() => ferry.stop());

  test('createDestination hides the secret; objects are discovered from the plugin; testDestination works', async () => {
    const { createDestination } = await ferry.client.data(
      `mutation { createDestination(input: { name: "Mem", type: "memory", config: { account: "acme", token: "secret-token" } }) { id type config objects { key identifiers behaviors fields { key required identifier array } } } }`,
    );
    destinationId = createDestination.id;
    assert.deepEqual(createDestination.config, { account: 'acme', token: null });
    assert.deepEqual(
      createDestination.objects.map((o: { key: string }) => o.key),
      ['person', 'company'],
    );
    const { testDestination } = await ferry.client.data(`mutation { testDestination(id: "${destinationId}") { ok message } }`);
    assert.deepEqual(testDestination, { ok: true, message: null });
    const error = await ferry.client.error('mutation { createDestination(input: { name: "x", type: "postgres", config: {} }) { id } }');
    assert.equal(error.code, 'BAD_USER_INPUT');
    assert.match(error.message, /unknown destination type "postgres"; known destination types: memory/);
  });

  test('createSync reports every problem of its own input at once, before asking the destination (whose key is wrong here)', async () => {
    const { createDestination } = await ferry.client.data(
      `mutation { createDestination(input: { name: "Wrong key", type: "memory", config: { account: "acme", token: "wrong" }, skipTest: true }) { id } }`,
    );
    const input = {
      ...base(),
      destinationId: createDestination.id,
      name: '  ',
      schedule: { kind: 'CRON', cron: 'every tuesday' },
      mappings: [
        { from: 'no_such_column', to: 'name' },
        { constant: 'pro', from: 'name', to: 'plan' },
      ],
    };
    const error = await ferry.client.error('mutation($input: SyncInput!) { createSync(input: $input) { id } }', { input });
    assert.equal(error.extensions?.code, 'BAD_USER_INPUT', `validation first, not CONNECTION_FAILED: ${error.message}`);
    const paths = (error.extensions?.problems as Array<{ path: string }>).map((problem) => problem.path);
    assert.deepEqual(paths.sort(), ['input.mappings[0].from', 'input.mappings[1]', 'input.name', 'input.schedule.cron'].sort());
    const fixed = await ferry.client.error('mutation($input: SyncInput!) { createSync(input: $input) { id } }', {
      input: { ...base(), destinationId: createDestination.id },
    });
    assert.equal(fixed.extensions?.code, 'CONNECTION_FAILED', 'with the input right, the destination is asked, and its refusal reported');
    await ferry.client.data(`mutation { deleteDestination(id: "${createDestination.id}") }`);
  });

  test('createSync stores a valid sync with a default name and MANUAL schedule', async () => {
    const result = await createSync(base());
    assert.equal(result.errors, undefined, JSON.stringify(result.errors));
    const sync = result.data!.createSync;
    assert.equal(sync.name, 'People → Mem person');
    assert.deepEqual(sync.schedule, { kind: 'MANUAL', every: null, cron: null, timezone: null, afterSyncId: null });
    assert.deepEqual(sync.mappings, [
      { from: 'name', constant: null, to: 'name' },
      { from: null, constant: 'pro', to: 'plan' },
    ]);
    assert.equal(sync.lastRun, null);
    assert.deepEqual(sync.runs, { totalCount: 0, edges: [], pageInfo: { hasNextPage: false, endCursor: null } });
  });

  test('each invalid sync is refused naming the field, and nothing is stored', async () => {
    const cases: Array<[Record<string, unknown>, RegExp]> = [
      [{ ...base(), object: 'deal' }, /^input\.object: "deal" is not an object of this destination; choose one of "person", "company"/],
      [
        {
          ...base(),
          object: 'company',
          syncKey: { column: 'email', field: 'domain' },
          mappings: [{ from: 'name', to: 'title' }],
          behavior: 'UPDATE_ONLY',
        },
        /^input\.behavior: UPDATE_ONLY is not supported for Company/,
      ],
      [{ ...base(), syncKey: { column: 'mail', field: 'email' } }, /^input\.syncKey\.column: model "People" has no column "mail"/],
      [
        { ...base(), syncKey: { column: 'email', field: 'name' } },
        /^input\.syncKey\.field: "name" cannot identify Person records; use one of "email"/,
      ],
      [{ ...base(), mappings: [{ from: 'nickname', to: 'name' }] }, /^input\.mappings\[0\]\.from: model "People" has no column "nickname"/],
      [{ ...base(), mappings: [{ from: 'name', to: 'title' }] }, /^input\.mappings\[0\]\.to: Person has no field "title"/],
      [{ ...base(), mappings: [{ from: 'name', constant: 'x', to: 'name' }] }, /^input\.mappings\[0\]: give exactly one of "from"/],
      [{ ...base(), mappings: [{ to: 'name' }] }, /^input\.mappings\[0\]: give exactly one of "from"/],
      [
        {
          ...base(),
          mappings: [
            { from: 'name', to: 'name' },
            { from: 'email', to: 'name' },
          ],
        },
        /^input\.mappings\[1\]\.to: "name" is mapped twice/,
      ],
      [{ ...base(), object: 'company', syncKey: { column: 'email', field: 'domain' }, mappings: [] }, /^input\.mappings: Company requires "title"/],
      [{ ...base(), schedule: { kind: 'CRON', cron: '61 * * * *' } }, /^input\.schedule\.cron: "61 \* \* \* \*" is not a valid cron expression/],
      [{ ...base(), schedule: { kind: 'CRON', cron: '* * * *' } }, /^input\.schedule\.cron: .* must have exactly five fields/],
      [
        { ...base(), schedule: { kind: 'CRON', cron: '0 6 * * *', timezone: 'Mars/Olympus' } },
        /^input\.schedule\.timezone: "Mars\/Olympus" is not an IANA time zone/,
      ],
      [
        { ...base(), schedule: { kind: 'INTERVAL', every: '30 seconds' } },
        /^input\.schedule\.every: "30 seconds" is shorter than the minimum of 60 seconds/,
      ],
      [{ ...base(), schedule: { kind: 'INTERVAL', every: 'sometimes' } }, /^input\.schedule\.every: "sometimes" is not an interval/],
      [{ ...base(), schedule: { kind: 'INTERVAL' } }, /^input\.schedule\.every: is required for INTERVAL/],
      [
        { ...base(), schedule: { kind: 'AFTER_SYNC', afterSyncId: '00000000-0000-4000-8000-000000000000' } },
        /^input\.schedule\.afterSyncId: sync "00000000-0000-4000-8000-000000000000" does not exist/,
      ],
    ];
    for (const [input, expected] of cases) {
      const { message, code } = await refusal(input);
      assert.equal(code, 'BAD_USER_INPUT', message);
      assert.match(message, expected);
    }
    const { syncs } = await ferry.client.data('{ syncs { id } }');
    assert.equal(syncs.length, 1);
  });

  test('valid schedules of every kind are kept, and AFTER_SYNC cycles are refused on update', async () => {
    const { syncs } = await ferry.client.data('{ syncs { id } }');
    const first = syncs[0].id as string;
    const cron = (await createSync({ ...base(), schedule: { kind: 'CRON', cron: '0 6 * * 1-5', timezone: 'Europe/Paris' } })).data!.createSync;
    assert.deepEqual(cron.schedule, { kind: 'CRON', every: null, cron: '0 6 * * 1-5', timezone: 'Europe/Paris', afterSyncId: null });
    const utc = (await createSync({ ...base(), schedule: { kind: 'CRON', cron: '0 6 * * *' } })).data!.createSync;
    assert.equal(utc.schedule.timezone, 'UTC');
    const interval = (await createSync({ ...base(), schedule: { kind: 'INTERVAL', every: '15 minutes' } })).data!.createSync;
    assert.equal(interval.schedule.every, '15 minutes');
    const second = (await createSync({ ...base(), schedule: { kind: 'AFTER_SYNC', afterSyncId: first } })).data!.createSync;
    const third = (await createSync({ ...base(), schedule: { kind: 'AFTER_SYNC', afterSyncId: second.id } })).data!.createSync;
    const cycle = await ferry.client.error(
      `mutation { updateSync(id: "${first}", input: { schedule: { kind: AFTER_SYNC, afterSyncId: "${third.id}" } }) { id } }`,
    );
    assert.equal(cycle.code, 'BAD_USER_INPUT');
    assert.match(cycle.message, /^input\.schedule\.afterSyncId: running after sync .* would make a cycle/);
    const self = await ferry.client.error(
      `mutation { updateSync(id: "${first}", input: { schedule: { kind: AFTER_SYNC, afterSyncId: "${first}" } }) { id } }`,
    );
    assert.match(self.message, /cannot run after itself/);
    const inUse = await ferry.client.error(`mutation { deleteSync(id: "${second.id}") }`);
    assert.equal(inUse.code, 'FAILED_PRECONDITION');
    for (const id of [third.id, second.id, cron.id, utc.id, interval.id]) await ferry.client.data(`mutation { deleteSync(id: "${id}") }`);
  });

  test('updateSync changes mappings and pause after validating them', async () => {
    const { syncs } = await ferry.client.data('{ syncs { id } }');
    const id = syncs[0].id as string;
    const { updateSync } = await ferry.client.data(
      `mutation { updateSync(id: "${id}", input: { paused: true, mappings: [{ from: "name", to: "name" }] }) { paused mappings { from to } } }`,
    );
    assert.deepEqual(updateSync, { paused: true, mappings: [{ from: 'name', to: 'name' }] });
    const error = await ferry.client.error(`mutation { updateSync(id: "${id}", input: { mappings: [{ from: "zip", to: "name" }] }) { id } }`);
    assert.match(error.message, /^input\.mappings\[0\]\.from: model "People" has no column "zip"/);
  });

  test('updateDestination renames and merges config; the secret stays unless given', async () => {
    const { updateDestination } = await ferry.client.data(
      `mutation { updateDestination(id: "${destinationId}", input: { name: "Mem", config: { account: "acme-2" } }) { name config lastTest { ok } } }`,
    );
    assert.deepEqual(
      updateDestination,
      { name: 'Mem', config: { account: 'acme-2', token: null }, lastTest: { ok: true } },
      'the new config was tested before it was stored',
    );
    const { testDestination } = await ferry.client.data(`mutation { testDestination(id: "${destinationId}") { ok } }`);
    assert.equal(testDestination.ok, true, 'the stored token was kept');
  });

  test('a sync with a queued or running run cannot be deleted', async () => {
    const { syncs } = await ferry.client.data('{ syncs { id } }');
    const id = syncs[0].id as string;
    const [run] = await ferry.ferry.db.query(
      `INSERT INTO sync_runs (sync_id, status, trigger, heartbeat_at) VALUES ($1, 'RUNNING', 'MANUAL', now()) RETURNING id`,
      [id],
    );
    const error = await ferry.client.error(`mutation { deleteSync(id: "${id}") }`);
    assert.equal(error.code, 'FAILED_PRECONDITION');
    assert.match(error.message, new RegExp(`has a running run \\(${run.id}\\): cancel it with cancelSyncRun`));
    await ferry.ferry.db.query(`UPDATE sync_runs SET status = 'CANCELLED' WHERE id = $1`, [run.id]);
  });

  test('a model or destination in use cannot be deleted; a model SQL change may not drop used columns', async () => {
    const destinationError = await ferry.client.error(`mutation { deleteDestination(id: "${destinationId}") }`);
    assert.equal(destinationError.code, 'FAILED_PRECONDITION');
    assert.match(destinationError.message, /Destination "Mem" is used by 1 sync\(s\): "People → Mem person"/);
    const modelError = await ferry.client.error(`mutation { deleteModel(id: "${modelId}") }`);
    assert.equal(modelError.code, 'FAILED_PRECONDITION');
    const sqlError = await ferry.client.error(`mutation { updateModel(id: "${modelId}", input: { sql: "SELECT email FROM people" }) { id } }`);
    assert.equal(sqlError.code, 'FAILED_PRECONDITION');
    assert.match(sqlError.message, /no longer returns column\(s\) "name" used by sync/);
  });
});

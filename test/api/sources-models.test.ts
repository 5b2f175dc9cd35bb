import assert from 'node:assert/strict';
import { afterAll, beforeAll, describe, test } from '@jest/globals';
import { Client } from 'pg';
import { builtinPlugins } from '../../src/plugins/builtin';
import { createTestDatabase } from '../helpers/database';
import { postgresSourceConfig, startTestFerry, type TestFerry } from '../helpers/ferry-server';

const sourceFields = 'id name type config lastTest { ok message testedAt } createdAt updatedAt';

describe('sources and models through the GraphQL API', () => {
  let ferry: TestFerry;
  let warehouseUrl: string;
  let sourceId: string;

  beforeAll(async () => {
    ferry = await startTestFerry();
    warehouseUrl = await createTestDatabase('warehouse');
    const warehouse = new Client({ connectionString: warehouseUrl });
    await warehouse.connect();
    await warehouse.query(`CREATE TABLE users AS SELECT g AS id, 'user' || g || '@example.com' AS email, ARRAY['a', 'b'] AS tags,
      '{"plan": "pro"}'::jsonb AS attributes, 9007199254740993::bigint AS big, 12345678901234567890.123456789::numeric AS amount
      FROM generate_series(1, 45) g`);
    await warehouse.end();
  });
  afterAll(() => ferry.stop());

  test('createSource validates, stores, lists and hides the password', async () => {
    const { createSource } = await ferry.client.data(`mutation($input: SourceInput!) { createSource(input: $input) { ${sourceFields} } }`, {
      input: { name: 'Warehouse', type: 'postgres', config: postgresSourceConfig(warehouseUrl) },
    });
    sourceId = createSource.id;
    assert.equal(createSource.type, 'postgres');
    assert.equal(createSource.config.password, null);
    assert.equal(createSource.config.port, Number(new URL(warehouseUrl).port));
    const { sources } = await ferry.client.data('{ sources { id name } }');
    assert.deepEqual(sources, [{ id: sourceId, name: 'Warehouse' }]);
  });

  test('a source is tested before it is saved: a failing test stores nothing and says how to go on; skipTest stores it untested; a passing test is kept as lastTest', async () => {
    const count = async () => (await ferry.client.data('{ sources { id } }')).sources.length;
    const before = await count();
    const wrong = { name: 'Not yet', type: 'postgres', config: { ...postgresSourceConfig(warehouseUrl), password: 'wrong' } };
    const error = await ferry.client.error(`mutation($input: SourceInput!) { createSource(input: $input) { id } }`, { input: wrong });
    assert.equal(error.extensions?.code, 'CONNECTION_FAILED');
    assert.match(error.message, /^Source "Not yet" was not saved: the connection test failed: .*password.*skipTest: true/);
    assert.equal(await count(), before, 'nothing stored');

    const { createSource: untested } = await ferry.client.data(
      `mutation($input: SourceInput!) { createSource(input: $input) { id lastTest { ok } } }`,
      { input: { ...wrong, skipTest: true } },
    );
    assert.equal(untested.lastTest, null, 'stored untested: no test to report');
    const fix = await ferry.client.error(
      `mutation($id: ID!) { updateSource(id: $id, input: { name: "Renamed", config: { port: 1, connectTimeoutSeconds: 1, password: "wrong" } }) { id } }`,
      { id: untested.id },
    );
    assert.equal(fix.extensions?.code, 'CONNECTION_FAILED');
    const { source: kept } = await ferry.client.data(`{ source(id: "${untested.id}") { name config } }`);
    assert.equal(kept.name, 'Not yet', 'an update whose test fails changes nothing, the name included');
    assert.equal(kept.config.port, Number(new URL(warehouseUrl).port));
    const { updateSource } = await ferry.client.data(
      `mutation($id: ID!, $p: String) { updateSource(id: $id, input: { config: { password: $p } }) { lastTest { ok message } } }`,
      {
        id: untested.id,
        p: postgresSourceConfig(warehouseUrl).password as string,
      },
    );
    assert.deepEqual(updateSource.lastTest, { ok: true, message: null }, 'the passing test is recorded');
    await ferry.client.data(`mutation { deleteSource(id: "${untested.id}") }`);
  });

  test('every problem of an input comes at once, before the network is tried', async () => {
    const error = await ferry.client.error(
      `mutation { createSource(input: { name: "  ", type: "postgres", config: { host: "", port: "eighty", database: "d", user: "u" } }) { id } }`,
    );
    assert.equal(error.extensions?.code, 'BAD_USER_INPUT');
    const paths = (error.extensions?.problems as Array<{ path: string }>).map((problem) => problem.path);
    for (const path of ['input.name', 'input.config.host', 'input.config.port'])
      assert.ok(paths.includes(path), `${path} in ${JSON.stringify(paths)}`);
  });

  test('testSource reports success and failure in words a user can act on, and keeps lastTest', async () => {
    const { testSource } = await ferry.client.data(`mutation { testSource(id: "${sourceId}") { ok message } }`);
    assert.deepEqual(testSource, { ok: true, message: null });
    const { createSource: bad } = await ferry.client.data(`mutation($input: SourceInput!) { createSource(input: $input) { id } }`, {
      input: { name: 'Wrong password', type: 'postgres', config: { ...postgresSourceConfig(warehouseUrl), password: 'wrong' }, skipTest: true },
    });
    const { testSource: failed } = await ferry.client.data(`mutation { testSource(id: "${bad.id}") { ok message } }`);
    assert.equal(failed.ok, false);
    assert.match(failed.message, /password/i);
    const { source } = await ferry.client.data(`{ source(id: "${bad.id}") { lastTest { ok message } } }`);
    assert.equal(source.lastTest.ok, false);
    await ferry.client.data(`mutation { deleteSource(id: "${bad.id}") }`);
  });

  test('unknown plugin type: BAD_USER_INPUT listing the known types, nothing stored', async () => {
    const error = await ferry.client.error('mutation { createSource(input: { name: "x", type: "teradata", config: {} }) { id } }');
    assert.equal(error.code, 'BAD_USER_INPUT');
    const sourceTypes = builtinPlugins.filter((plugin) => plugin.kind === 'source').map((plugin) => plugin.id);
    assert.equal(error.message, `input.type: unknown source type "teradata"; known source types: ${sourceTypes.join(', ')}`);
    const { sources } = await ferry.client.data('{ sources { id } }');
    assert.equal(sources.length, 1);
  });

  test('invalid config: BAD_USER_INPUT with each invalid field path and reason', async () => {
    const error = await ferry.client.error(
      'mutation { createSource(input: { name: "x", type: "postgres", config: { host: "h", port: "eighty" } }) { id } }',
    );
    assert.equal(error.code, 'BAD_USER_INPUT');
    const paths = (error.extensions.problems as Array<{ path: string }>).map((p) => p.path).sort();
    assert.deepEqual(paths, ['input.config.database', 'input.config.port', 'input.config.user']);
    assert.match(error.message, /input\.config\.port: /);
  });

  test('empty name is refused naming the field', async () => {
    const error = await ferry.client.error(`mutation($c: JSONObject!) { createSource(input: { name: "  ", type: "postgres", config: $c }) { id } }`, {
      c: postgresSourceConfig(warehouseUrl),
    });
    assert.equal(error.code, 'BAD_USER_INPUT');
    assert.match(error.message, /^input\.name: /);
  });

  test('missing ids are NOT_FOUND', async () => {
    for (const query of [
      '{ source(id: "00000000-0000-4000-8000-000000000000") { id } }',
      '{ model(id: "not-a-uuid") { id } }',
      'mutation { deleteSource(id: "00000000-0000-4000-8000-000000000000") }',
      'mutation { testSource(id: "00000000-0000-4000-8000-000000000000") { ok } }',
      'mutation { createModel(input: { name: "m", sourceId: "00000000-0000-4000-8000-000000000000", sql: "select 1" }) { id } }',
    ]) {
      const error = await ferry.client.error(query);
      assert.equal(error.code, 'NOT_FOUND', query);
    }
  });

  let modelId: string;
  test('createModel stores the SQL and its columns with the source type names', async () => {
    const { createModel } = await ferry.client.data(
      `mutation($input: ModelInput!) { createModel(input: $input) { id name description sql columns { name type } source { id } } }`,
      { input: { name: 'Users', description: 'everyone', sourceId, sql: 'SELECT id, email, tags, attributes, big, amount FROM users ORDER BY id' } },
    );
    modelId = createModel.id;
    assert.equal(createModel.source.id, sourceId);
    assert.deepEqual(createModel.columns, [
      { name: 'id', type: 'int4' },
      { name: 'email', type: 'text' },
      { name: 'tags', type: '_text' },
      { name: 'attributes', type: 'jsonb' },
      { name: 'big', type: 'int8' },
      { name: 'amount', type: 'numeric' },
    ]);
  });

  test('model SQL that fails is refused with the database message', async () => {
    const error = await ferry.client.error(
      `mutation { createModel(input: { name: "bad", sourceId: "${sourceId}", sql: "SELECT nope FROM users" }) { id } }`,
    );
    assert.equal(error.code, 'BAD_USER_INPUT');
    assert.match(error.message, /^input\.sql: column "nope" does not exist/);
    const { models } = await ferry.client.data('{ models { id } }');
    assert.equal(models.length, 1, 'nothing stored on refusal');
  });

  test('Model.preview and previewQuery return rows with structure and precision, and truncated', async () => {
    const { model } = await ferry.client.data(`{ model(id: "${modelId}") { preview(limit: 3) { columns { name } rows truncated } } }`);
    assert.equal(model.preview.rows.length, 3);
    assert.equal(model.preview.truncated, true);
    assert.deepEqual(model.preview.rows[0], {
      id: 1,
      email: 'user1@example.com',
      tags: ['a', 'b'],
      attributes: { plan: 'pro' },
      big: '9007199254740993',
      amount: '12345678901234567890.123456789',
    });
    const { previewQuery } = await ferry.client.data(
      `{ previewQuery(sourceId: "${sourceId}", sql: "SELECT id FROM users WHERE id <= 5", limit: 5) { rows truncated } }`,
    );
    assert.equal(previewQuery.rows.length, 5);
    assert.equal(previewQuery.truncated, false);
    const { previewQuery: defaulted } = await ferry.client.data(
      `{ previewQuery(sourceId: "${sourceId}", sql: "SELECT id FROM users") { rows truncated } }`,
    );
    assert.equal(defaulted.rows.length, 20);
    assert.equal(defaulted.truncated, true);
  });

  test('updateModel re-reads the columns; updateSource merges config and keeps the stored password', async () => {
    const { updateModel } = await ferry.client.data(
      `mutation { updateModel(id: "${modelId}", input: { sql: "SELECT id, email FROM users" }) { sql columns { name } } }`,
    );
    assert.deepEqual(
      updateModel.columns.map((c: { name: string }) => c.name),
      ['id', 'email'],
    );
    const { updateSource } = await ferry.client.data(
      `mutation { updateSource(id: "${sourceId}", input: { name: "Renamed", config: { connectTimeoutSeconds: 5 } }) { name config } }`,
    );
    assert.equal(updateSource.name, 'Renamed');
    assert.equal(updateSource.config.connectTimeoutSeconds, 5);
    assert.equal(updateSource.config.password, null);
    const { testSource } = await ferry.client.data(`mutation { testSource(id: "${sourceId}") { ok message } }`);
    assert.deepEqual(testSource, { ok: true, message: null }, 'the stored password still works');
  });

  test('deleting a source still used by a model is FAILED_PRECONDITION naming the model', async () => {
    const error = await ferry.client.error(`mutation { deleteSource(id: "${sourceId}") }`);
    assert.equal(error.code, 'FAILED_PRECONDITION');
    assert.match(error.message, /used by 1 model\(s\): "Users"/);
    await ferry.client.data(`mutation { deleteModel(id: "${modelId}") }`);
    const { deleteSource } = await ferry.client.data(`mutation { deleteSource(id: "${sourceId}") }`);
    assert.equal(deleteSource, sourceId);
  });
});

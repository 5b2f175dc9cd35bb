import assert from 'node:assert/strict';
import { afterAll, beforeAll, describe, test } from '@jest/globals';
import { Client } from 'pg';
import { z } from 'zod';
import type { Plugin, SourcePlugin } from '../../src/plugins/contract';
import { postgresSource } from '../../src/plugins/sources/postgres';
import { createTestDatabase } from '../helpers/database';
import { postgresSourceConfig, startTestFerry, type TestFerry } from '../helpers/ferry-server';
import { memoryDestination } from '../helpers/memory-destination';
import { runToEnd } from '../helpers/sync-fixtures';

/** A source with neither tables() nor tableSql(): it offers SQL models only. */
const sqlOnly: SourcePlugin = {
  id: 'sql-only',
  kind: 'source',
  name: 'SQL only',
  version: '1.0.0',
  config: z.object({}),
  test: async () => undefined,
  columns: async () => [{ name: 'one', type: 'int4' }],
  async *read() {
    yield [{ one: 1 }];
  },
};

describe('table models through the GraphQL API', () => {
  const destination = memoryDestination();
  let ferry: TestFerry;
  let warehouse: Client;
  let sourceId: string;
  const createModel = (input: Record<string, unknown>) =>
    ferry.client.data(`mutation($input: ModelInput!) { createModel(input: $input) { id table sql columns { name type } } }`, {
      input: { name: 'Table model', sourceId, ...input },
    });
  const refusal = (query: string, variables: Record<string, unknown> = {}) => ferry.client.error(query, variables);

  beforeAll(async () => {
    ferry = await startTestFerry({}, [postgresSource as Plugin, destination as Plugin, sqlOnly as Plugin]);
    const url = await createTestDatabase('warehouse');
    warehouse = new Client({ connectionString: url });
    await warehouse.connect();
    await warehouse.query(`
      CREATE SCHEMA sales;
      CREATE TABLE sales."Customers" AS SELECT 'c' || g || '@example.com' AS email, 'Customer ' || g AS name, ARRAY['t' || g] AS tags FROM generate_series(1, 5) g;
      CREATE VIEW public.vip_customers AS SELECT email, name FROM sales."Customers" WHERE name <> 'Customer 1';
      CREATE SCHEMA "my.schema";
      CREATE TABLE "my.schema"."odd ""name""" (email text, name text);
      INSERT INTO "my.schema"."odd ""name""" VALUES ('o1@example.com', 'Odd 1'), ('o2@example.com', 'Odd 2');
      CREATE TABLE public.unrelated (id int);`);
    sourceId = (
      await ferry.client.data(`mutation($c: JSONObject!) { createSource(input: { name: "Warehouse", type: "postgres", config: $c }) { id } }`, {
        c: postgresSourceConfig(url),
      })
    ).createSource.id;
  }, 60_000);
  afterAll(async () => {
    await warehouse.end();
    await ferry.stop();
  });

  test('createModel with a table stores it, with its columns; Model.sql is the statement the source runs', async () => {
    const { createModel: model } = await createModel({ table: 'sales.Customers' });
    assert.equal(model.table, 'sales.Customers');
    assert.equal(model.sql, 'SELECT * FROM "sales"."Customers"');
    assert.deepEqual(model.columns, [
      { name: 'email', type: 'text' },
      { name: 'name', type: 'text' },
      { name: 'tags', type: '_text' },
    ]);
    const { model: read } = await ferry.client.data(`{ model(id: "${model.id}") { table preview(limit: 2) { rows truncated } } }`);
    assert.deepEqual(read, {
      table: 'sales.Customers',
      preview: {
        rows: [
          { email: 'c1@example.com', name: 'Customer 1', tags: ['t1'] },
          { email: 'c2@example.com', name: 'Customer 2', tags: ['t2'] },
        ],
        truncated: true,
      },
    });
    await ferry.client.data(`mutation { deleteModel(id: "${model.id}") }`);
  });

  test('a schema holding a dot and a name holding quotes: written quoted, read with quoted identifiers', async () => {
    const { createModel: model } = await createModel({ table: '"my.schema"."odd ""name"""' });
    assert.equal(model.table, '"my.schema"."odd ""name"""');
    assert.equal(model.sql, 'SELECT * FROM "my.schema"."odd ""name"""');
    const { model: read } = await ferry.client.data(`{ model(id: "${model.id}") { preview { rows } } }`);
    assert.deepEqual(read.preview.rows, [
      { email: 'o1@example.com', name: 'Odd 1' },
      { email: 'o2@example.com', name: 'Odd 2' },
    ]);
    await ferry.client.data(`mutation { deleteModel(id: "${model.id}") }`);
  });

  test('a table name is never pasted into SQL: a name carrying SQL is looked up as a name', async () => {
    const error = await refusal(`mutation($input: ModelInput!) { createModel(input: $input) { id } }`, {
      input: { name: 'x', sourceId, table: 'public.unrelated; DROP TABLE unrelated' },
    });
    assert.equal(error.code, 'BAD_USER_INPUT');
    assert.equal(error.message, 'input.table: relation "public.unrelated; DROP TABLE unrelated" does not exist');
    const { rows } = await warehouse.query(`SELECT to_regclass('public.unrelated') IS NOT NULL AS exists`);
    assert.equal(rows[0].exists, true);
  });

  test('a model gives exactly one of sql and table, and a table that can be read', async () => {
    const create = `mutation($input: ModelInput!) { createModel(input: $input) { id } }`;
    const cases: Array<[Record<string, unknown>, RegExp]> = [
      [
        { sql: 'SELECT 1 AS one', table: 'sales.Customers' },
        /^input: give either input\.sql \(a query\) or input\.table \(a table name such as public\.customers\), not both$/,
      ],
      [{}, /^input: give input\.sql \(a query\) or input\.table \(a table name such as public\.customers\): a model reads one of them$/],
      [{ table: 'sales.nope' }, /^input\.table: relation "sales\.nope" does not exist$/],
      [{ table: 'a.b.c' }, /^input\.table: more than two parts: write schema\.table, and quote a part that holds a dot/],
      [{ table: '"sales.Customers' }, /^input\.table: a double quote is not closed/],
      [{ table: 'sales.' }, /^input\.table: a part of the name is empty/],
    ];
    for (const [input, message] of cases) {
      const error = await refusal(create, { input: { name: 'x', sourceId, ...input } });
      assert.equal(error.code, 'BAD_USER_INPUT', JSON.stringify(input));
      assert.match(error.message, message, JSON.stringify(input));
    }
    const sqlOnlyId = (await ferry.client.data('mutation { createSource(input: { name: "Plain", type: "sql-only", config: {} }) { id } }'))
      .createSource.id;
    const unsupported = await refusal(create, { input: { name: 'x', sourceId: sqlOnlyId, table: 'things' } });
    assert.deepEqual(
      [unsupported.code, unsupported.message],
      ['BAD_USER_INPUT', 'input.table: SQL only sources do not offer table models; give input.sql instead'],
    );
    const { models } = await ferry.client.data('{ models { id } }');
    assert.deepEqual(models, [], 'nothing stored on refusal');
  });

  test('updateModel turns a SQL model into a table model and back, re-reading the columns; a lost column is refused', async () => {
    const { createModel: model } = await createModel({ sql: 'SELECT email, name FROM sales."Customers"' });
    const update = (input: Record<string, unknown>) =>
      ferry.client.data(`mutation($id: ID!, $input: ModelUpdateInput!) { updateModel(id: $id, input: $input) { table sql columns { name } } }`, {
        id: model.id,
        input,
      });
    const toTable = (await update({ table: 'public.vip_customers' })).updateModel;
    assert.deepEqual(toTable, {
      table: 'public.vip_customers',
      sql: 'SELECT * FROM "public"."vip_customers"',
      columns: [{ name: 'email' }, { name: 'name' }],
    });
    const toSql = (await update({ sql: 'SELECT email FROM public.vip_customers' })).updateModel;
    assert.deepEqual(toSql, { table: null, sql: 'SELECT email FROM public.vip_customers', columns: [{ name: 'email' }] });
    const both = await refusal(`mutation { updateModel(id: "${model.id}", input: { sql: "SELECT 1", table: "public.unrelated" }) { id } }`);
    assert.match(both.message, /^input: give either input\.sql .* or input\.table .*, not both$/);

    await update({ table: 'sales.Customers' });
    const destinationId = (
      await ferry.client.data(
        'mutation { createDestination(input: { name: "Mem", type: "memory", config: { account: "tables", token: "secret-token" } }) { id } }',
      )
    ).createDestination.id;
    const sync = await ferry.client.data(`mutation($input: SyncInput!) { createSync(input: $input) { id } }`, {
      input: {
        modelId: model.id,
        destinationId,
        object: 'person',
        behavior: 'UPDATE_OR_CREATE',
        syncKey: { column: 'email', field: 'email' },
        mappings: [{ from: 'tags', to: 'tags' }],
      },
    });
    const lost = await refusal(`mutation { updateModel(id: "${model.id}", input: { table: "public.vip_customers" }) { id } }`);
    assert.equal(lost.code, 'FAILED_PRECONDITION');
    assert.match(lost.message, /^input\.table: the table has no column\(s\) "tags" used by sync /);
    await ferry.client.data(`mutation { deleteSync(id: "${sync.createSync.id}") }`);
    await ferry.client.data(`mutation { deleteModel(id: "${model.id}") }`);
  });

  test('a sync from a table model runs: every row of the table reaches the destination', async () => {
    const { createModel: model } = await createModel({ table: 'sales.Customers' });
    const destinationId = (
      await ferry.client.data(
        'mutation { createDestination(input: { name: "Mem 2", type: "memory", config: { account: "run", token: "secret-token" } }) { id } }',
      )
    ).createDestination.id;
    const { createSync } = await ferry.client.data(`mutation($input: SyncInput!) { createSync(input: $input) { id } }`, {
      input: {
        modelId: model.id,
        destinationId,
        object: 'person',
        behavior: 'UPDATE_OR_CREATE',
        syncKey: { column: 'email', field: 'email' },
        mappings: [
          { from: 'name', to: 'name' },
          { from: 'tags', to: 'tags' },
        ],
      },
    });
    const run = await runToEnd(ferry.client, createSync.id);
    assert.equal(run.status, 'SUCCEEDED', run.error ?? undefined);
    assert.equal(run.rowsRead, 5);
    assert.equal(run.rowsCreated, 5);
    assert.deepEqual(destination.store.records.get('person:c3@example.com'), { email: 'c3@example.com', name: 'Customer 3', tags: ['t3'] });
  }, 60_000);

  test('Source.tables: user tables and views, no system schemas; search in any case; first between 1 and 1000', async () => {
    const tables = async (args = '') => (await ferry.client.data(`{ source(id: "${sourceId}") { tables${args} { schema name } } }`)).source.tables;
    const all = await tables();
    assert.deepEqual(all, [
      { schema: 'my.schema', name: 'odd "name"' },
      { schema: 'public', name: 'unrelated' },
      { schema: 'public', name: 'vip_customers' },
      { schema: 'sales', name: 'Customers' },
    ]);
    assert.deepEqual(await tables('(search: "CUSTOMERS")'), [
      { schema: 'public', name: 'vip_customers' },
      { schema: 'sales', name: 'Customers' },
    ]);
    assert.deepEqual(await tables('(search: "s.c")'), [{ schema: 'sales', name: 'Customers' }], 'the search covers schema.name');
    assert.deepEqual(await tables('(search: "_")'), [{ schema: 'public', name: 'vip_customers' }], '_ matches itself, not any character');
    assert.deepEqual(await tables('(search: "%")'), []);
    assert.deepEqual(await tables('(first: 1)'), [{ schema: 'my.schema', name: 'odd "name"' }]);
    for (const first of [0, 1001, -5]) {
      const error = await refusal(`{ source(id: "${sourceId}") { tables(first: ${first}) { name } } }`);
      assert.deepEqual([error.code, error.message], ['BAD_USER_INPUT', `first: must be between 1 and 1000 (got ${first})`]);
    }
    const sqlOnlyId = (await ferry.client.data('mutation { createSource(input: { name: "Plain 2", type: "sql-only", config: {} }) { id } }'))
      .createSource.id;
    const { source } = await ferry.client.data(`{ source(id: "${sqlOnlyId}") { tables { name } } }`);
    assert.deepEqual(source.tables, [], 'a source without tables() has none');
  });
});

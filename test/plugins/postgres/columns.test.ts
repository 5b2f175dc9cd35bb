import assert from 'node:assert/strict';
import { afterAll, beforeAll, describe, test } from '@jest/globals';
import type { Client } from 'pg';
import { ConnectionError, PluginConfigError } from '../../../src/plugins/contract';
import { postgresSource } from '../../../src/plugins/sources/postgres';
import type { PostgresConfig } from '../../../src/plugins/sources/postgres/config';
import { pluginContext } from '../../helpers/plugin-context';
import { postgresFixture, waitUntilReleased } from './postgres-fixture';

describe('postgres source: columns()', () => {
  let config: PostgresConfig;
  let admin: Client;

  beforeAll(async () => {
    ({ config, admin } = await postgresFixture());
    await admin.query(`
      CREATE TYPE mood AS ENUM ('happy', 'sad');
      CREATE TABLE people (
        name text, age int4, visits int8, balance numeric(30, 9), seen_at timestamptz, born date,
        profile jsonb, tags text[], mood mood, moods mood[], active bool, id uuid
      );
      CREATE SEQUENCE describe_calls;`);
  });
  afterAll(() => admin.end());

  const columnsOf = (sql: string) => postgresSource.columns(config, { kind: 'sql', sql }, pluginContext());

  async function sqlFailure(sql: string): Promise<PluginConfigError> {
    const error = await columnsOf(sql).then(
      () => assert.fail('columns() resolved'),
      (caught: unknown) => caught,
    );
    assert.ok(error instanceof PluginConfigError, `expected a PluginConfigError, got ${String(error)}`);
    assert.equal(error.code, 'BAD_USER_INPUT');
    return error;
  }

  test('names each column with its pg_type name', async () => {
    assert.deepEqual(await columnsOf('SELECT * FROM people'), [
      { name: 'name', type: 'text' },
      { name: 'age', type: 'int4' },
      { name: 'visits', type: 'int8' },
      { name: 'balance', type: 'numeric' },
      { name: 'seen_at', type: 'timestamptz' },
      { name: 'born', type: 'date' },
      { name: 'profile', type: 'jsonb' },
      { name: 'tags', type: '_text' },
      { name: 'mood', type: 'mood' },
      { name: 'moods', type: '_mood' },
      { name: 'active', type: 'bool' },
      { name: 'id', type: 'uuid' },
    ]);
    await waitUntilReleased(admin);
  });

  test('reads no row and runs nothing: a billion-row query with a volatile call answers at once', async () => {
    const started = Date.now();
    const columns = await columnsOf(
      `SELECT nextval('describe_calls') AS call, g, pg_sleep(1) AS pause FROM generate_series(1, 1000000000) AS g ORDER BY g DESC`,
    );
    assert.ok(Date.now() - started < 1000, `took ${Date.now() - started} ms`);
    assert.deepEqual(columns, [
      { name: 'call', type: 'int8' },
      { name: 'g', type: 'int4' },
      { name: 'pause', type: 'void' },
    ]);
    const { rows } = await admin.query('SELECT is_called FROM describe_calls');
    assert.equal(rows[0].is_called, false, 'nextval() never ran');
  });

  test('tolerates a trailing semicolon and white space', async () => {
    assert.deepEqual(await columnsOf('SELECT 1 AS one;  \n'), [{ name: 'one', type: 'int4' }]);
  });

  test("an unknown column: PostgreSQL's message, with line, column and hint", async () => {
    const error = await sqlFailure('SELECT name,\n       nme\n  FROM people');
    assert.match(
      error.message,
      /^column "nme" does not exist \(line 2, column 8\)\. Hint: Perhaps you meant to reference the column "people\.name"\./,
    );
    assert.equal(error.extensions.sqlState, '42703');
    assert.equal(error.extensions.line, 2);
    assert.equal(error.extensions.column, 8);
  });

  test("a syntax error: PostgreSQL's message", async () => {
    const error = await sqlFailure('SELECT name FORM people');
    assert.match(error.message, /^syntax error at or near "people" \(line 1, column 18\)/);
  });

  test('empty SQL is refused before connecting', async () => {
    const error = await sqlFailure('  ;\n ');
    assert.match(error.message, /^The SQL is empty: write the query that selects the rows to sync/);
  });

  test('SQL that returns no rows (INSERT) is refused and not run', async () => {
    const error = await sqlFailure(`INSERT INTO people (name) VALUES ('x')`);
    assert.match(error.message, /returns no columns: a model must be a query that returns rows/);
    const { rows } = await admin.query('SELECT count(*)::int AS n FROM people');
    assert.equal(rows[0].n, 0);
  });

  test('several statements are refused', async () => {
    const error = await sqlFailure('SELECT 1; SELECT 2');
    assert.match(error.message, /cannot insert multiple commands into a prepared statement/);
  });

  test('parameters are refused', async () => {
    const error = await sqlFailure('SELECT name FROM people WHERE age > $1');
    assert.match(error.message, /uses parameters \(\$1 … \$1\): a model's SQL cannot take parameters/);
  });

  test('two columns with one name are refused', async () => {
    const error = await sqlFailure('SELECT name, age AS name FROM people');
    assert.match(error.message, /The column "name" appears more than once: give each column its own name with AS/);
  });

  test('an unreachable server is a ConnectionError', async () => {
    const error = await postgresSource
      .columns({ ...config, port: 1 }, { kind: 'sql', sql: 'SELECT 1' }, pluginContext())
      .catch((caught: unknown) => caught);
    assert.ok(error instanceof ConnectionError);
    assert.equal(error.extensions.reason, 'connection_refused');
  });
});

import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { z } from 'zod';
import { ConnectionError, PluginConfigError } from '../../../src/plugins/contract';
import { databricksSource } from '../../../src/plugins/sources/databricks';
import { databricksConfig, type DatabricksConfig } from '../../../src/plugins/sources/databricks/config';
import type { FakeDatabricks } from '../../fakes/databricks';
import { pluginContext } from '../../helpers/plugin-context';
import { databricksFixture } from './databricks-fixture';

const issues = (input: Record<string, unknown>) => {
  const parsed = databricksConfig.safeParse(input);
  return parsed.success ? [] : parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
};

describe('databricks config', () => {
  const good = { host: 'dbc-a1b2c3d4-e5f6.cloud.databricks.com', httpPath: '/sql/1.0/warehouses/abc123def456', token: 'dapi123' };

  test('a bare host name and a warehouse HTTP path are accepted; the token is a secret', () => {
    expect(issues(good)).toEqual([]);
    expect(issues({ ...good, httpPath: '/sql/1.0/endpoints/abc123' })).toEqual([]);
    const schema = z.toJSONSchema(databricksConfig, { io: 'input', unrepresentable: 'any' }) as {
      properties: Record<string, { writeOnly?: boolean }>;
    };
    expect(schema.properties.token.writeOnly).toBe(true);
  });

  test('a cluster path, a wrong path, plain http to a remote host and a missing token are refused with the fix', () => {
    expect(issues({ ...good, httpPath: '/sql/protocolv1/o/123/0123-456789-abc' })).toEqual([
      expect.stringMatching(/^httpPath: .*all-purpose cluster.*SQL Warehouses/),
    ]);
    expect(issues({ ...good, httpPath: 'abc123' })).toEqual([
      expect.stringMatching(/^httpPath: .*not a SQL warehouse's HTTP path.*Connection details/),
    ]);
    expect(issues({ ...good, host: 'http://dbc.example.com' })).toEqual([expect.stringMatching(/^host: .*must start with https:\/\//)]);
    expect(issues({ host: good.host, httpPath: good.httpPath })).toEqual([expect.stringMatching(/^token: required: a personal access token/)]);
  });
});

describe('databricks test(), columns() and tables()', () => {
  let fake: FakeDatabricks;
  let config: DatabricksConfig;
  beforeAll(async () => {
    ({ fake, config } = await databricksFixture());
    fake.addTable({
      name: 'customers',
      columns: [
        { name: 'id', type: 'BIGINT' },
        { name: 'email', type: 'STRING' },
        { name: 'tags', type: 'ARRAY<STRING>' },
      ],
      rows: [[1, 'a@example.com', ['x']]],
    });
    fake.addTable({ schema: 'sales', name: 'orders', columns: [{ name: 'id', type: 'INT' }], rows: [] });
    fake.addTable({ schema: 'sales', name: 'weird`name', columns: [{ name: 'id', type: 'INT' }], rows: [[7]] });
    fake.addTable({ catalog: 'other', schema: 'default', name: 'elsewhere', columns: [{ name: 'id', type: 'INT' }], rows: [] });
  });
  afterAll(() => fake.close());

  test('test() passes with a good config', async () => {
    await expect(databricksSource.test(config, pluginContext())).resolves.toBeUndefined();
  });

  test.each([
    [
      'a wrong token',
      (c: DatabricksConfig) => ({ ...c, token: 'dapi-wrong' }),
      'authentication_failed',
      /refused the token \(403 Invalid access token\.\): create a new personal access token/,
    ],
    [
      'an unknown warehouse',
      (c: DatabricksConfig) => ({ ...c, httpPath: '/sql/1.0/warehouses/nosuchwarehouse' }),
      'warehouse_not_found',
      /SQL warehouse nosuchwarehouse was not found.*copy httpPath/,
    ],
    [
      'a closed port',
      (c: DatabricksConfig) => ({ ...c, host: 'http://127.0.0.1:1' }),
      'unreachable',
      /Could not reach Databricks at http:\/\/127.0.0.1:1/,
    ],
  ])('test() with %s throws ConnectionError naming the fix', async (_, change, reason, message) => {
    const error = (await databricksSource.test(change(config), pluginContext()).catch((e: unknown) => e)) as ConnectionError;
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error.extensions.reason).toBe(reason);
    expect(error.message).toMatch(message);
    expect(error.message).not.toContain(config.token);
  });

  test('columns() describes the query with DESCRIBE QUERY: types without reading a row', async () => {
    expect(await databricksSource.columns(config, { kind: 'sql', sql: 'SELECT id, email, tags FROM customers' }, pluginContext())).toEqual([
      { name: 'id', type: 'BIGINT' },
      { name: 'email', type: 'STRING' },
      { name: 'tags', type: 'ARRAY<STRING>' },
    ]);
    // raise_error fails only when run: describing it succeeds, so columns() ran nothing.
    expect(await databricksSource.columns(config, { kind: 'sql', sql: "SELECT raise_error('read a row') AS boom" }, pluginContext())).toEqual([
      { name: 'boom', type: 'VOID' },
    ]);
    // A slow query is described at once.
    const started = Date.now();
    await databricksSource.columns(config, { kind: 'sql', sql: 'SELECT * FROM fake_sleep(20)' }, pluginContext());
    expect(Date.now() - started).toBeLessThan(5000);
    expect(fake.runningStatements()).toBe(0);
  });

  test('columns() of bad SQL and duplicate names are BAD_USER_INPUT', async () => {
    await expect(databricksSource.columns(config, { kind: 'sql', sql: 'SELEC 1' }, pluginContext())).rejects.toThrow(/PARSE_SYNTAX_ERROR/);
    const duplicate = await databricksSource
      .columns(config, { kind: 'sql', sql: 'SELECT id, email AS id FROM customers' }, pluginContext())
      .catch((e: unknown) => e);
    expect(duplicate).toBeInstanceOf(PluginConfigError);
    expect((duplicate as Error).message).toMatch(/"id" appears more than once/);
    await expect(databricksSource.columns(config, { kind: 'sql', sql: ' ; ' }, pluginContext())).rejects.toThrow(/The SQL is empty/);
  });

  test('tables() lists the catalog’s tables with a search and a limit; tableSql quotes with backticks', async () => {
    expect(await databricksSource.tables!(config, { first: 10 }, pluginContext())).toEqual([
      { schema: 'default', name: 'customers' },
      { schema: 'sales', name: 'orders' },
      { schema: 'sales', name: 'weird`name' },
    ]);
    expect(await databricksSource.tables!(config, { first: 10, search: 'SALES.O' }, pluginContext())).toEqual([{ schema: 'sales', name: 'orders' }]);
    expect(await databricksSource.tables!(config, { first: 10, search: 'sales_orders' }, pluginContext())).toEqual([]); // _ is not a wildcard
    expect(await databricksSource.tables!(config, { first: 10, search: 'd`n' }, pluginContext())).toEqual([{ schema: 'sales', name: 'weird`name' }]);
    expect(await databricksSource.tables!(config, { first: 1 }, pluginContext())).toHaveLength(1);
    expect(await databricksSource.tables!({ ...config, catalog: 'other' }, { first: 10 }, pluginContext())).toEqual([
      { schema: 'default', name: 'elsewhere' },
    ]);
    const table = { schema: 'sales', name: 'weird`name' };
    expect(databricksSource.tableSql!(table)).toBe('SELECT * FROM `sales`.`weird``name`');
    expect(await databricksSource.columns(config, { kind: 'table', table }, pluginContext())).toEqual([{ name: 'id', type: 'INT' }]);
  });
});

import { describe, expect, test } from '@jest/globals';
import { databricksSource } from '../../../src/plugins/sources/databricks';
import { databricksConfig } from '../../../src/plugins/sources/databricks/config';
import { pluginContext } from '../../helpers/plugin-context';
import { readAll } from './databricks-fixture';

/**
 * Opt-in: against a real workspace when DATABRICKS_HOST, DATABRICKS_HTTP_PATH and DATABRICKS_TOKEN are set
 * (DATABRICKS_CATALOG and DATABRICKS_SCHEMA optional). Reads only: needs no table of its own.
 */
const { DATABRICKS_HOST: host, DATABRICKS_HTTP_PATH: httpPath, DATABRICKS_TOKEN: token } = process.env;
const missing = ['DATABRICKS_HOST', 'DATABRICKS_HTTP_PATH', 'DATABRICKS_TOKEN'].filter((name) => !process.env[name]);

if (missing.length > 0) {
  describe('Databricks live', () => {
    test.skip(`skipped: set ${missing.join(', ')} to run against a real SQL warehouse`, () => undefined);
  });
} else {
  describe('Databricks live', () => {
    const config = databricksConfig.parse({
      host,
      httpPath,
      token,
      catalog: process.env.DATABRICKS_CATALOG,
      schema: process.env.DATABRICKS_SCHEMA,
      statementTimeoutSeconds: 600,
    });
    const sql = (text: string) => ({ kind: 'sql' as const, sql: text });

    test('test() passes; a wrong token is refused with the fix', async () => {
      await databricksSource.test(config, pluginContext());
      await expect(databricksSource.test({ ...config, token: 'dapi00000000000000000000000000000000' }, pluginContext())).rejects.toThrow(
        /refused the token/,
      );
    }, 600_000);

    test('columns() and read() give the contract forms; a multi-chunk result streams in batches', async () => {
      const query = sql(
        "SELECT CAST(id AS BIGINT) + 9007199254740000 AS big, CAST(id AS INT) AS n, CAST(id / 3 AS DECIMAL(20, 4)) AS exact, repeat('x', 200) AS padding, " +
          "DATE'2024-02-29' AS day, TIMESTAMP'2024-02-29 23:59:58.123' AS instant, TIMESTAMP_NTZ'2024-02-29 23:59:58.123' AS local_at, array('a', 'b') AS tags, " +
          "named_struct('plan', 'pro') AS doc FROM range(200000)",
      );
      const columns = await databricksSource.columns(config, query, pluginContext());
      expect(columns.map((c) => c.name)).toEqual(['big', 'n', 'exact', 'padding', 'day', 'instant', 'local_at', 'tags', 'doc']);
      let count = 0;
      let first: Record<string, unknown> | null = null;
      for await (const batch of databricksSource.read(config, query, { batchSize: 5000 }, pluginContext())) {
        first ??= batch[0];
        count += batch.length;
      }
      expect(count).toBe(200_000);
      expect(first).toMatchObject({
        big: expect.stringMatching(/^90071992547\d+$/),
        n: expect.any(Number),
        exact: expect.any(String),
        day: '2024-02-29',
        local_at: '2024-02-29T23:59:58.123',
        tags: ['a', 'b'],
        doc: { plan: 'pro' },
      });
      expect(first?.instant).toBeInstanceOf(Date);
    }, 600_000);

    test('bad SQL and a missing table are BAD_USER_INPUT with Databricks’ message; tables() answers', async () => {
      await expect(readAll(databricksSource.read(config, sql('SELECT * FORM x'), { batchSize: 10 }, pluginContext()))).rejects.toThrow(
        /PARSE_SYNTAX_ERROR/,
      );
      await expect(
        readAll(databricksSource.read(config, sql('SELECT * FROM ferry_no_such_table_xyz'), { batchSize: 10 }, pluginContext())),
      ).rejects.toThrow(/TABLE_OR_VIEW_NOT_FOUND/);
      expect(Array.isArray(await databricksSource.tables!(config, { first: 5 }, pluginContext()))).toBe(true);
    }, 600_000);
  });
}

import assert from 'node:assert/strict';
import { afterAll, beforeAll, describe, test } from '@jest/globals';
import type { Client } from 'pg';
import { PluginConfigError } from '../../src/plugins/contract';
import { postgresSource } from '../../src/plugins/sources/postgres';
import type { PostgresConfig } from '../../src/plugins/sources/postgres/config';
import { pluginContext } from '../helpers/plugin-context';
import { postgresFixture, readAll } from '../plugins/postgres/postgres-fixture';

describe("a model's SQL cannot lift the statement timeout", () => {
  let config: PostgresConfig;
  let admin: Client;
  beforeAll(async () => {
    ({ config, admin } = await postgresFixture());
  });
  afterAll(() => admin.end());

  test("set_config('statement_timeout', '0', false) in the first batch does not free the next ones", async () => {
    // Row 1 turns the timeout off for the session; rows 2 and 3 each sleep 2 s, past the 1 s timeout.
    const sql = `SELECT n, pg_catalog.set_config('statement_timeout', '0', false) AS lifted, pg_catalog.pg_sleep(CASE WHEN n > 1 THEN 2 ELSE 0 END) AS pause
                 FROM generate_series(1, 3) AS n ORDER BY n`;
    const started = Date.now();
    const error = await readAll(
      postgresSource.read({ ...config, statementTimeoutSeconds: 1 }, { kind: 'sql', sql }, { batchSize: 1 }, pluginContext()),
    ).then(
      () => assert.fail('the read outlived its statement timeout'),
      (caught: unknown) => caught,
    );
    assert.ok(error instanceof PluginConfigError, String(error));
    assert.match((error as Error).message, /stopped the query after 1 seconds \(statementTimeoutSeconds\)/);
    assert.ok(Date.now() - started < 2_500, 'the second batch was stopped at the timeout');
  });
});

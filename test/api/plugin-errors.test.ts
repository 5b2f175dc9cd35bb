/**
 * Ferry knows a plugin's errors by their `code`, whichever copy of the SDK (or none) made them, and a plain driver
 * Error reaches the client classified, with the driver's message, never as "Internal server error".
 */
import assert from 'node:assert/strict';
import { afterAll, beforeAll, describe, test } from '@jest/globals';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '../../src/logger';
import { formatGraphQLError } from '../../src/server/format-error';
import { createTestDatabase } from '../helpers/database';
import { postgresSourceConfig, startTestFerry, type TestFerry } from '../helpers/ferry-server';
import { examplePluginPackage } from '../plugins/example-plugin/example-package';

/** Plugins that throw a driver's plain Error, or a contract error of their own making (no SDK at all). */
function throwingPlugins(): string {
  const file = join(mkdtempSync(join(tmpdir(), 'ferry-throwing-')), 'throwing-plugins.js');
  writeFileSync(
    file,
    `const { z } = require(${JSON.stringify(require.resolve('zod'))});
     class ConnectionError extends Error { code = 'CONNECTION_FAILED'; }
     const driverError = () => Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET', errno: -104 });
     module.exports = { plugins: [
       { id: 'driver-errors', kind: 'source', name: 'Driver errors', version: '1.0.0', config: z.object({}),
         test: async () => {}, columns: async () => { throw driverError(); }, read: async function* () { throw driverError(); },
         tables: async () => { throw driverError(); } },
       { id: 'own-errors', kind: 'destination', name: 'Own errors', version: '1.0.0', config: z.object({}),
         test: async () => {}, limits: () => ({ key: 'own', requestsPerSecond: 1, maxBatchSize: 1 }), coerce: (f, v) => ({ ok: true, value: v }),
         objects: async () => { throw new ConnectionError('The account refused the API key: check apiKey'); }, write: async () => [] },
     ] };`,
  );
  return file;
}

describe('plugin errors reach the client by their code', () => {
  let ferry: TestFerry;
  let warehouseUrl: string;
  const source = async (name: string, type: string, config: Record<string, unknown>, skipTest = false) =>
    (
      await ferry.client.data(
        `mutation($c: JSONObject!) { createSource(input: { name: "${name}", type: "${type}", config: $c, skipTest: ${skipTest} }) { id } }`,
        {
          c: config,
        },
      )
    ).createSource.id as string;

  beforeAll(async () => {
    warehouseUrl = await createTestDatabase('warehouse');
    ferry = await startTestFerry({ FERRY_PLUGINS: `${examplePluginPackage()},${throwingPlugins()}` });
  }, 60_000);
  afterAll(() => ferry.stop());

  test("a plugin's own PluginConfigError (not Ferry's class) is BAD_USER_INPUT with the database's message", async () => {
    const id = await source('Example', 'example-postgres', postgresSourceConfig(warehouseUrl));
    const error = await ferry.client.error(`mutation { createModel(input: { name: "m", sourceId: "${id}", sql: "SELECT id FROM nowhere" }) { id } }`);
    assert.equal(error.code, 'BAD_USER_INPUT');
    assert.match(error.message, /^input\.sql: relation "nowhere" does not exist$/);
  });

  test("a plugin's own ConnectionError is CONNECTION_FAILED with its message", async () => {
    const wrong = { ...postgresSourceConfig(warehouseUrl), password: 'wrong-password' };
    const unsaved = await ferry.client.error(
      `mutation($c: JSONObject!) { createSource(input: { name: "x", type: "example-postgres", config: $c }) { id } }`,
      { c: wrong },
    );
    assert.equal(unsaved.code, 'CONNECTION_FAILED');
    assert.match(unsaved.message, /the connection test failed: PostgreSQL at 127\.0\.0\.1:\d+ refused the password for user "/);
    const id = await source('Example, wrong password', 'example-postgres', wrong, true);
    const error = await ferry.client.error(`{ previewQuery(sourceId: "${id}", sql: "SELECT 1 AS one") { rows } }`);
    assert.equal(error.code, 'CONNECTION_FAILED');
    assert.match(error.message, /^PostgreSQL at 127\.0\.0\.1:\d+ refused the password for user "/);
    const destination = await ferry.client.data('mutation { createDestination(input: { name: "Own", type: "own-errors", config: {} }) { id } }');
    const objects = await ferry.client.error(`{ destination(id: "${destination.createDestination.id}") { objects { key } } }`);
    assert.deepEqual([objects.code, objects.message], ['CONNECTION_FAILED', 'The account refused the API key: check apiKey']);
  });

  test("a driver's plain Error is CONNECTION_FAILED naming the source, with the driver's message", async () => {
    const id = await source('Flaky', 'driver-errors', {});
    for (const query of [
      `mutation { createModel(input: { name: "m", sourceId: "${id}", sql: "SELECT 1" }) { id } }`,
      `{ previewQuery(sourceId: "${id}", sql: "SELECT 1") { rows } }`,
      `{ source(id: "${id}") { tables { name } } }`,
    ]) {
      const error = await ferry.client.error(query);
      assert.equal(error.code, 'CONNECTION_FAILED', query);
      assert.equal(error.message, 'Source "Flaky" (Driver errors) failed: read ECONNRESET', query);
    }
  });

  test('formatting: a contract error from another copy of the SDK keeps its code, message and extensions', () => {
    class ForeignPluginConfigError extends Error {
      code = 'BAD_USER_INPUT';
      extensions = { code: 'BAD_USER_INPUT', sqlState: '42601' };
    }
    const logger = createLogger('error', 'test', () => undefined);
    const error = new ForeignPluginConfigError('syntax error at or near "SELEC"');
    const formatted = formatGraphQLError({ message: error.message, extensions: { code: 'INTERNAL_SERVER_ERROR' } }, { originalError: error }, logger);
    assert.deepEqual(formatted, { message: 'syntax error at or near "SELEC"', extensions: { code: 'BAD_USER_INPUT', sqlState: '42601' } });
  });
});

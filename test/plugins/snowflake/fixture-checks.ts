import assert from 'node:assert/strict';
import { afterAll, beforeAll, describe, test } from '@jest/globals';
import { ConnectionError, PluginConfigError, type Row } from '../../../src/plugins/contract';
import type { SnowflakeConfig } from '../../../src/plugins/sources/snowflake/config';
import type { SourceFixture } from '../../conformance/source-fixture';
import { pluginContext } from '../../helpers/plugin-context';

async function readAll(batches: AsyncIterable<Row[]>): Promise<Row[][]> {
  const all: Row[][] = [];
  for await (const batch of batches) all.push(batch);
  return all;
}

/**
 * The contract's promises checked through a SourceFixture, run on the fake and (opt-in) on a live account alike.
 * The shared source conformance suite (test/conformance, branch kit) covers these and more; these stay until it lands.
 */
export function fixtureChecks(name: string, fixture: SourceFixture<SnowflakeConfig>): void {
  describe(name, () => {
    let config: SnowflakeConfig;
    const { plugin } = fixture;
    beforeAll(async () => {
      config = await fixture.setUp();
    }, 60_000);
    afterAll(() => fixture.tearDown(), 60_000);

    test('test() accepts the good config and refuses each bad one with ConnectionError and the expected message', async () => {
      await plugin.test(config, pluginContext());
      for (const [kind, bad] of Object.entries(fixture.badConfigs(config))) {
        if (!bad) continue;
        const error = await plugin.test(bad.config, pluginContext()).then(
          () => assert.fail(`${kind}: test() succeeded`),
          (caught: unknown) => caught as Error,
        );
        assert.ok(error instanceof ConnectionError, `${kind}: ${String(error)}`);
        assert.match(error.message, bad.message, kind);
      }
    }, 60_000);

    test('a table of every portable type reads back in the contract forms, columns() first', async () => {
      const query = await fixture.createTable(
        'ferry_types',
        [
          { name: 'i', type: 'integer' },
          { name: 'b', type: 'bigint' },
          { name: 'n', type: 'numeric' },
          { name: 'd', type: 'double' },
          { name: 't', type: 'text' },
          { name: 'ok', type: 'boolean' },
          { name: 'day', type: 'date' },
          { name: 'ts', type: 'timestamp' },
          { name: 'tz', type: 'timestamptz' },
          { name: 'j', type: 'json' },
          { name: 'a', type: 'text[]' },
        ],
        [
          [7, '9007199254740993', '12.34', 0.5, "it's", true, '2024-02-29', '2024-01-02T03:04:05.123', new Date('2024-06-01T12:00:00.250Z'), { k: [1, 'x'] }, ['a', 'b']],
          [null, null, null, null, null, null, null, null, null, null, null],
        ],
      );
      const columns = await plugin.columns(config, query, pluginContext());
      assert.deepEqual(columns.map((c) => c.name), ['i', 'b', 'n', 'd', 't', 'ok', 'day', 'ts', 'tz', 'j', 'a']);
      const rows = (await readAll(plugin.read(config, query, { batchSize: 10 }, pluginContext()))).flat();
      assert.deepEqual(rows[0], {
        i: 7,
        b: '9007199254740993',
        n: '12.34',
        d: 0.5,
        t: "it's",
        ok: true,
        day: '2024-02-29',
        ts: '2024-01-02T03:04:05.123',
        tz: new Date('2024-06-01T12:00:00.250Z'),
        j: { k: [1, 'x'] },
        a: ['a', 'b'],
      });
      assert.ok(Object.values(rows[1]).every((value) => value === null));
    }, 60_000);

    test('columns() reads no row', async () => {
      if (!fixture.failsWhenExecuted) return;
      const query = await fixture.failsWhenExecuted();
      assert.ok((await plugin.columns(config, query, pluginContext())).length > 0);
      await assert.rejects(readAll(plugin.read(config, query, { batchSize: 10 }, pluginContext())));
    }, 60_000);

    test('100,000 generated rows stream in batches of the asked size', async () => {
      let count = 0;
      let largest = 0;
      for await (const batch of plugin.read(config, fixture.generatedRows(100_000), { batchSize: 5000 }, pluginContext())) {
        count += batch.length;
        largest = Math.max(largest, batch.length);
      }
      assert.equal(count, 100_000);
      assert.equal(largest, 5000);
    }, 120_000);

    test('an abort stops a slow query on the server at once, leaving nothing running', async () => {
      const controller = new AbortController();
      const reading = readAll(plugin.read(config, fixture.slowQuery(30), { batchSize: 10 }, pluginContext({ signal: controller.signal })));
      await new Promise((resolve) => setTimeout(resolve, 1500));
      controller.abort(new Error('stop'));
      await assert.rejects(reading, /stop/);
      for (let i = 0; i < 20 && (await fixture.openSessions()) > 0; i += 1) await new Promise((resolve) => setTimeout(resolve, 250));
      assert.equal(await fixture.openSessions(), 0);
    }, 60_000);

    test("an invalid query is refused with the database's own message", async () => {
      const { query, message } = fixture.invalidQuery();
      const error = await plugin.columns(config, query, pluginContext()).then(
        () => assert.fail('columns() succeeded'),
        (caught: unknown) => caught as Error,
      );
      assert.ok(error instanceof PluginConfigError);
      assert.match(error.message, message);
    }, 60_000);
  });
}

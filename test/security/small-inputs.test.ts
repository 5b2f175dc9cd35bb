import assert from 'node:assert/strict';
import { afterAll, beforeAll, describe, test } from '@jest/globals';
import { request } from 'node:http';
import { z } from 'zod';
import { ScheduleKind } from '../../src/entities';
import { validateSchedule } from '../../src/schema/sync/schedule-validation';
import type { SourcePlugin } from '../../src/plugins/contract';
import { postgresSource } from '../../src/plugins/sources/postgres';
import { memoryDestination } from '../helpers/memory-destination';
import { startTestFerry, type TestFerry } from '../helpers/ferry-server';

/** A source whose test fails the way a driver does: a plain Error with the driver's own words. */
const rawDriver: SourcePlugin = {
  id: 'raw-driver',
  kind: 'source',
  name: 'Raw driver',
  version: '1.0.0',
  config: z.object({ host: z.string() }),
  test: async () => {
    throw new Error('FATAL internal: relation pg_authid permission denied at 0x7f3a (server 10.0.0.7)');
  },
  columns: async () => [],
  read: async function* () {},
};

describe('smaller input and logging problems', () => {
  let ferry: TestFerry;
  beforeAll(async () => {
    ferry = await startTestFerry({ FERRY_ROLE: 'api' }, [postgresSource as never, memoryDestination() as never, rawDriver as never]);
  });
  afterAll(() => ferry.stop());

  test('a NUL byte in any string input is BAD_USER_INPUT, in a variable or in the operation', async () => {
    const inVariable = await ferry.client.error(
      `mutation($c: JSONObject!) { createSource(input: { name: "s", type: "postgres", config: $c, skipTest: true }) { id } }`,
      {
        c: { host: 'db\u0000.example.com', database: 'd', user: 'u' },
      },
    );
    assert.equal(inVariable.code, 'BAD_USER_INPUT');
    assert.match(inVariable.message, /variables\.c\.host contains a NUL byte/);
    const inLiteral = await ferry.client.error(
      `mutation { createSource(input: { name: "a\\u0000b", type: "postgres", config: {}, skipTest: true }) { id } }`,
    );
    assert.equal(inLiteral.code, 'BAD_USER_INPUT');
    assert.match(inLiteral.message, /NUL byte/);
  });

  test('oversized settings and absurd intervals are refused with the limit named', async () => {
    const host = await ferry.client.error(
      `mutation($c: JSONObject!) { createSource(input: { name: "s", type: "postgres", config: $c, skipTest: true }) { id } }`,
      {
        c: { host: 'h'.repeat(900_000), database: 'd', user: 'u' },
      },
    );
    assert.equal(host.code, 'BAD_USER_INPUT');
    assert.match(host.message, /input\.config\.host: at most 65536 characters \(got 900000\)/);
    const longHost = await ferry.client.error(
      `mutation($c: JSONObject!) { createSource(input: { name: "s", type: "postgres", config: $c, skipTest: true }) { id } }`,
      {
        c: { host: 'h'.repeat(300), database: 'd', user: 'u' },
      },
    );
    assert.match(longHost.message, /host: must be at most 253 characters/);

    await assert.rejects(
      () => validateSchedule(ferry.ferry.db, { kind: ScheduleKind.INTERVAL, every: '99999999999 years' } as never, null, 60),
      (error: Error & { extensions?: Record<string, unknown> }) => {
        assert.equal(error.extensions?.code, 'BAD_USER_INPUT');
        assert.match(error.message, /input\.schedule\.every: "99999999999 years" is longer than the maximum of 366 days/);
        return true;
      },
    );
  });

  test("lastTest keeps the classified message, never a driver's raw text", async () => {
    const { createSource } = await ferry.client.data(
      `mutation { createSource(input: { name: "raw", type: "raw-driver", config: { host: "x" }, skipTest: true }) { id } }`,
    );
    const { testSource } = await ferry.client.data(`mutation($id: ID!) { testSource(id: $id) { ok message } }`, { id: createSource.id });
    assert.equal(testSource.ok, false);
    assert.doesNotMatch(testSource.message, /pg_authid|10\.0\.0\.7/);
    assert.match(testSource.message, /unexpected Error from the plugin; the details are in Ferry's log/);
  });

  test('a client that disconnects mid-request is not logged as an error', async () => {
    const lines: string[] = [];
    const original = process.stderr.write.bind(process.stderr);
    const logged = await startTestFerry({ FERRY_ROLE: 'api', FERRY_LOG_LEVEL: 'info' });
    process.stderr.write = ((chunk: string) => {
      lines.push(String(chunk));
      return true;
    }) as typeof process.stderr.write;
    try {
      const url = new URL(logged.url);
      // Half a body, then gone.
      const req = request({
        host: url.hostname,
        port: url.port,
        path: '/graphql',
        method: 'POST',
        headers: { authorization: `Bearer ${logged.token}`, 'content-type': 'application/json', 'content-length': '1000' },
      });
      req.on('error', () => undefined);
      req.write('{"query": "{ plugins');
      await new Promise((resolve) => setTimeout(resolve, 200));
      req.destroy();
      await new Promise((resolve) => setTimeout(resolve, 300));
    } finally {
      process.stderr.write = original;
      await logged.stop();
    }
    assert.deepEqual(
      lines.filter((line) => /"level":"error"/.test(line)),
      [],
    );
  });
});

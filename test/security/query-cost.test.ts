import assert from 'node:assert/strict';
import { afterAll, beforeAll, describe, test } from '@jest/globals';
import { createClient } from 'graphql-ws';
import { WebSocket } from 'ws';
import { RepeatedErrorLog } from '../../src/server/repeated-errors';
import { startTestFerry, type TestFerry } from '../helpers/ferry-server';

async function post(ferry: TestFerry, query: string): Promise<{ status: number; body: any; ms: number }> {
  const started = Date.now();
  const response = await fetch(ferry.url, {
    method: 'POST',
    headers: { authorization: `Bearer ${ferry.token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ query }),
  });
  return { status: response.status, body: await response.json(), ms: Date.now() - started };
}

describe('query cost is bounded: refused before execution with QUERY_TOO_COMPLEX', () => {
  let ferry: TestFerry;
  beforeAll(async () => {
    ferry = await startTestFerry({ FERRY_ROLE: 'api', FERRY_MAX_SUBSCRIPTIONS_PER_SOCKET: '2' });
  });
  afterAll(() => ferry.stop());

  test('a 1 MB request of 23,000 aliases is refused at once, naming the limit', async () => {
    const query = `{ ${Array.from({ length: 23_000 }, (_, i) => `a${i}: plugins { id }`).join(' ')} }`;
    assert.ok(query.length > 400_000);
    const { status, body, ms } = await post(ferry, query);
    assert.equal(status, 400);
    assert.equal(body.errors[0].extensions.code, 'QUERY_TOO_COMPLEX');
    assert.match(body.errors[0].message, /FERRY_MAX_TOKENS/);
    assert.ok(ms < 2_000, `answered in ${ms} ms`);
  });

  test('more aliases than FERRY_MAX_ALIASES', async () => {
    const { status, body } = await post(ferry, `{ ${Array.from({ length: 31 }, (_, i) => `a${i}: plugins { id }`).join(' ')} }`);
    assert.equal(status, 400);
    assert.equal(body.errors[0].extensions.code, 'QUERY_TOO_COMPLEX');
    assert.match(body.errors[0].message, /31 aliases, more than the 30 allowed \(FERRY_MAX_ALIASES\)/);
    const fine = await post(ferry, `{ ${Array.from({ length: 30 }, (_, i) => `a${i}: plugins { id }`).join(' ')} }`);
    assert.equal(fine.status, 200);
  });

  test('nested fragments of aliased fields that expand to 130,000 fields are measured without expanding them, and refused', async () => {
    const fragments = ['fragment s0 on Sync { id name }'];
    for (let i = 1; i <= 4; i += 1) {
      fragments.push(`fragment s${i} on Sync { ${Array.from({ length: 16 }, (_, a) => `a${a}: lastRun { sync { ...s${i - 1} } }`).join(' ')} }`);
    }
    const query = `query { syncs { ...s4 } }\n${fragments.join('\n')}`;
    assert.ok(query.length < 4_000);
    const { status, body, ms } = await post(ferry, query);
    assert.equal(status, 400);
    assert.equal(body.errors[0].extensions.code, 'QUERY_TOO_COMPLEX');
    assert.match(body.errors[0].message, /\d+ (aliases|fields \(fragments expanded\)), more than the \d+ allowed \(FERRY_MAX_(ALIASES|FIELDS)\)/);
    assert.ok(ms < 1_000, `answered in ${ms} ms`);
  });

  test('paged fields multiply what is under them: FERRY_MAX_COST', async () => {
    const { status, body } = await post(
      ferry,
      '{ syncs { runs(first: 1000) { edges { node { rejectedRows(first: 1000) { edges { node { key reason } } } } } } } }',
    );
    assert.equal(status, 400);
    assert.match(body.errors[0].message, /cost, more than the 50000 allowed \(FERRY_MAX_COST\)/);
    assert.equal((await post(ferry, '{ syncs { runs(first: 20) { edges { node { id } } } } }')).status, 200);
  });

  test('on WebSocket: the same limits, and at most FERRY_MAX_SUBSCRIPTIONS_PER_SOCKET operations at once', async () => {
    const client = createClient({
      url: ferry.url.replace(/^http/, 'ws'),
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${ferry.token}` },
      retryAttempts: 0,
    });
    try {
      const once = (query: string) =>
        new Promise<any>((resolve) => {
          client.subscribe({ query }, { next: (value) => resolve(value), error: (error) => resolve({ errors: error }), complete: () => undefined });
        });
      const tooMany = await once(`{ ${Array.from({ length: 31 }, (_, i) => `a${i}: plugins { id }`).join(' ')} }`);
      assert.equal(tooMany.errors[0].extensions.code, 'QUERY_TOO_COMPLEX');
      const listen = () =>
        client.subscribe(
          { query: 'subscription { syncRunsUpdated { id } }' },
          { next: () => undefined, error: () => undefined, complete: () => undefined },
        );
      const stops = [listen(), listen()];
      const third = await once('subscription { syncRunsUpdated { id } }');
      assert.equal(third.errors[0].extensions.code, 'TOO_MANY_SUBSCRIPTIONS');
      assert.match(third.errors[0].message, /FERRY_MAX_SUBSCRIPTIONS_PER_SOCKET/);
      for (const stop of stops) stop();
    } finally {
      await client.dispose();
    }
  });

  test('the same unexpected error, 100,000 times in one window, is logged as two lines', async () => {
    const lines: string[] = [];
    const logger = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: (message: string) => lines.push(message) };
    const log = new RepeatedErrorLog(logger, 50);
    const ids = new Set<string>();
    for (let i = 0; i < 100_000; i += 1) ids.add(log.error('TypeError: boom', 'unexpected error', {}));
    assert.equal(ids.size, 1, 'the repeats share the first error id');
    assert.equal(lines.length, 1);
    await new Promise((resolve) => setTimeout(resolve, 120));
    assert.deepEqual(lines, ['unexpected error', 'unexpected error: the same error 99999 more times in 0.05 s']);
  });
});

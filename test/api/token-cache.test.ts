import assert from 'node:assert/strict';
import { afterAll, beforeAll, describe, test } from '@jest/globals';
import { Client } from 'pg';
import { createApiToken } from '../../src/schema/auth';
import { startTestFerry, type TestFerry } from '../helpers/ferry-server';

/** Counts statements on api_tokens sent by this process while `work` runs. */
async function tokenLookups(work: () => Promise<unknown>): Promise<number> {
  const original = Client.prototype.query;
  let count = 0;
  Client.prototype.query = function (this: Client, ...args: unknown[]) {
    const sql = typeof args[0] === 'string' ? args[0] : (args[0] as { text?: string })?.text;
    if (sql?.includes('api_tokens')) count += 1;
    return (original as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof original;
  try {
    await work();
  } finally {
    Client.prototype.query = original;
  }
  return count;
}

describe('stored tokens over HTTP', () => {
  let ferry: TestFerry;
  beforeAll(async () => {
    ferry = await startTestFerry({ FERRY_ROLE: 'api' });
  });
  afterAll(async () => {
    await ferry?.stop();
  });

  test('50 concurrent requests with a new stored token cost one lookup (and one lastUsedAt update)', async () => {
    const { token } = await createApiToken(ferry.ferry.db, 'burst');
    const client = ferry.client.withToken(token);
    let statuses: number[] = [];
    const statements = await tokenLookups(
      async () => (statuses = (await Promise.all(Array.from({ length: 50 }, () => client.request('{ syncs { id } }')))).map((r) => r.status)),
    );
    assert.deepEqual(statuses, Array(50).fill(200));
    assert.equal(statements, 2, 'one SELECT and one UPDATE of lastUsedAt');
    assert.equal(await tokenLookups(() => client.request('{ syncs { id } }')), 0, 'within the TTL: no lookup at all');
  });

  test('a revoked token is refused at once, although its check was cached', async () => {
    const { token, apiToken } = await createApiToken(ferry.ferry.db, 'to revoke');
    const client = ferry.client.withToken(token);
    assert.equal((await client.request('{ syncs { id } }')).status, 200);
    await ferry.client.data('mutation($id: ID!) { revokeApiToken(id: $id) { revokedAt } }', { id: apiToken.id });
    const refused = await client.request('{ syncs { id } }');
    assert.equal(refused.status, 401);
    assert.equal(refused.errors?.[0].extensions?.code, 'UNAUTHENTICATED');
  });
});

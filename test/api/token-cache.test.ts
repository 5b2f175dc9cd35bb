import assert from 'node:assert/strict';
import { afterAll, beforeAll, describe, test } from '@jest/globals';
import { Client } from 'pg';
import { createApiToken, hashToken } from '../../src/schema/auth';
import { VerifiedTokenCache, verifiedTokens } from '../../src/schema/token-cache';
import { startTestFerry, type TestFerry } from '../helpers/ferry-server';

describe('VerifiedTokenCache', () => {
  test('a verified hash is trusted for the TTL without a lookup, then looked up again', async () => {
    let now = 1_000;
    const cache = new VerifiedTokenCache(5_000, () => now);
    let lookups = 0;
    const lookup = async () => (lookups += 1) > 0;
    assert.equal(await cache.verify('h', lookup), true);
    now += 4_999;
    assert.equal(await cache.verify('h', lookup), true);
    assert.equal(lookups, 1);
    now += 1;
    assert.equal(await cache.verify('h', lookup), true);
    assert.equal(lookups, 2);
  });

  test('an unknown token is never remembered', async () => {
    const cache = new VerifiedTokenCache(5_000);
    let lookups = 0;
    const missing = async () => ((lookups += 1), false);
    assert.equal(await cache.verify('h', missing), false);
    assert.equal(await cache.verify('h', missing), false);
    assert.equal(lookups, 2);
  });

  test('concurrent first requests with one token share one lookup', async () => {
    const cache = new VerifiedTokenCache(5_000);
    let lookups = 0;
    let release!: (found: boolean) => void;
    const lookup = () => ((lookups += 1), new Promise<boolean>((resolve) => (release = resolve)));
    const answers = Promise.all(Array.from({ length: 20 }, () => cache.verify('h', lookup)));
    release(true);
    assert.deepEqual(await answers, Array(20).fill(true));
    assert.equal(lookups, 1);
  });

  test('forget stops trusting a hash at once, even one whose lookup was under way', async () => {
    const cache = new VerifiedTokenCache(5_000);
    let lookups = 0;
    assert.equal(await cache.verify('h', async () => ((lookups += 1), true)), true);
    cache.forget('h');
    assert.equal(await cache.verify('h', async () => ((lookups += 1), false)), false);
    assert.equal(lookups, 2);

    let release!: (found: boolean) => void;
    const underWay = cache.verify('g', () => new Promise<boolean>((resolve) => (release = resolve)));
    cache.forget('g');
    release(true);
    assert.equal(await underWay, true, 'the lookup answers what the database said when it asked');
    assert.equal(await cache.verify('g', async () => false), false, 'but is not remembered past forget');
  });

  test('clear stops trusting every hash', async () => {
    const cache = new VerifiedTokenCache(5_000);
    await cache.verify('a', async () => true);
    await cache.verify('b', async () => true);
    cache.clear();
    assert.equal(await cache.verify('a', async () => false), false);
    assert.equal(await cache.verify('b', async () => false), false);
  });
});

/** Counts statements on api_tokens sent by this process while `work` runs. */
async function tokenLookups(work: () => Promise<unknown>): Promise<number> {
  const original = Client.prototype.query;
  let count = 0;
  Client.prototype.query = function (this: Client, ...args: unknown[]) {
    const sql = typeof args[0] === 'string' ? args[0] : (args[0] as { text?: string })?.text;
    if (sql?.includes("api_tokens")) count += 1;
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
    const token = await createApiToken(ferry.ferry.db, 'burst');
    const client = ferry.client.withToken(token);
    let statuses: number[] = [];
    const statements = await tokenLookups(async () => (statuses = (await Promise.all(Array.from({ length: 50 }, () => client.request('{ syncs { id } }')))).map((r) => r.status)));
    assert.deepEqual(statuses, Array(50).fill(200));
    assert.equal(statements, 2, 'one SELECT and one UPDATE of lastUsedAt');
    assert.equal(await tokenLookups(() => client.request('{ syncs { id } }')), 0, 'within the TTL: no lookup at all');
  });

  test('a deleted token is refused once the cache forgets it', async () => {
    const token = await createApiToken(ferry.ferry.db, 'to delete');
    const client = ferry.client.withToken(token);
    assert.equal((await client.request('{ syncs { id } }')).status, 200);
    await ferry.ferry.db.query('DELETE FROM api_tokens WHERE token_hash = $1', [hashToken(token)]);
    verifiedTokens(ferry.ferry.db).forget(hashToken(token));
    const refused = await client.request('{ syncs { id } }');
    assert.equal(refused.status, 401);
    assert.equal(refused.errors?.[0].extensions?.code, 'UNAUTHENTICATED');
  });
});

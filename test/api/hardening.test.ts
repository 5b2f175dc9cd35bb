import assert from 'node:assert/strict';
import { getIntrospectionQuery } from 'graphql';
import { afterAll, beforeAll, describe, test } from '@jest/globals';
import { startTestFerry, type TestFerry } from '../helpers/ferry-server';
import { collectSubscription } from '../helpers/graphql-client';

describe('query hardening', () => {
  let ferry: TestFerry;
  beforeAll(async () => {
    ferry = await startTestFerry({ FERRY_MAX_QUERY_DEPTH: '5', FERRY_MAX_BODY_BYTES: '4096' });
  });
  afterAll(() => ferry.stop());

  test('a query deeper than the limit is refused with QUERY_TOO_DEEP and a clear message', async () => {
    const ok = await ferry.client.request('{ syncs { model { source { name } } } }');
    assert.equal(ok.errors, undefined);
    const deep = await ferry.client.request('{ syncs { lastRun { sync { model { source { lastTest { ok } } } } } } }');
    assert.equal(deep.errors?.[0].extensions?.code, 'QUERY_TOO_DEEP');
    assert.match(deep.errors![0].message, /nested more than 5 levels deep \(FERRY_MAX_QUERY_DEPTH\); split it/);
    const viaFragments = await ferry.client.request(
      'query { syncs { ...A } } fragment A on Sync { lastRun { ...B } } fragment B on SyncRun { sync { model { source { lastTest { ok } } } } }',
    );
    assert.equal(viaFragments.errors?.[0].extensions?.code, 'QUERY_TOO_DEEP');
  });

  test('fragments spread many times are measured once: a small hostile query is refused at once', async () => {
    const levels = 24;
    const fragments = Array.from({ length: levels }, (_, i) =>
      i < levels - 1 ? `fragment F${i} on Query { ...F${i + 1} ...F${i + 1} }` : `fragment F${i} on Query { syncs { id } }`,
    );
    const started = Date.now();
    const result = await ferry.client.request(`query { ...F0 } ${fragments.join(' ')}`);
    assert.ok(Date.now() - started < 1000, `validation took ${Date.now() - started} ms`);
    assert.equal(result.errors, undefined, 'this query is only 2 levels deep');
  });

  test('introspection is not counted, so GraphQL tools work with the default limit', async () => {
    const result = await ferry.client.request(getIntrospectionQuery());
    assert.equal(result.errors, undefined);
    assert.ok(result.data?.__schema.types.length > 10);
  });

  test('the depth limit also holds over WebSocket', async () => {
    const socket = ferry.client.webSocket();
    const subscription = collectSubscription(
      socket,
      'subscription { syncRunsUpdated { sync { lastRun { sync { model { source { name } } } } } } }',
      {},
    );
    await assert.rejects(subscription.done, /QUERY_TOO_DEEP|nested more than 5 levels/);
    await socket.dispose();
  });

  test('a body over the limit is refused with 413 and a clear error', async () => {
    const padding = 'x'.repeat(5000);
    const result = await ferry.client.request(`{ sources { id } } # ${padding}`);
    assert.equal(result.status, 413);
    assert.equal(result.errors?.[0].extensions?.code, 'PAYLOAD_TOO_LARGE');
    assert.match(result.errors![0].message, /larger than 4096 bytes \(FERRY_MAX_BODY_BYTES\)/);
  });

  test('a body that is not JSON is refused with 400', async () => {
    const response = await fetch(ferry.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${ferry.token}` },
      body: '{oops',
    });
    assert.equal(response.status, 400);
    const body = (await response.json()) as { errors: Array<{ extensions: { code: string } }> };
    assert.equal(body.errors[0].extensions.code, 'BAD_REQUEST');
  });
});

describe('CORS for browser frontends', () => {
  let ferry: TestFerry;
  beforeAll(async () => {
    ferry = await startTestFerry({ FERRY_CORS_ORIGINS: 'https://app.example.com' });
  });
  afterAll(() => ferry.stop());

  test('an allowed origin gets a preflight answer without a token; others do not', async () => {
    const allowed = await fetch(ferry.url, {
      method: 'OPTIONS',
      headers: { origin: 'https://app.example.com', 'access-control-request-method': 'POST' },
    });
    assert.equal(allowed.status, 204);
    assert.equal(allowed.headers.get('access-control-allow-origin'), 'https://app.example.com');
    assert.match(allowed.headers.get('access-control-allow-headers') ?? '', /authorization/);
    const other = await fetch(ferry.url, { method: 'OPTIONS', headers: { origin: 'https://evil.example.com' } });
    assert.equal(other.status, 403);
    assert.equal(other.headers.get('access-control-allow-origin'), null);
  });
});

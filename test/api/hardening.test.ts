import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestFerry, type TestFerry } from '../helpers/ferry-server';

describe('query hardening', () => {
  let ferry: TestFerry;
  before(async () => {
    ferry = await startTestFerry({ FERRY_MAX_QUERY_DEPTH: '5', FERRY_MAX_BODY_BYTES: '4096' });
  });
  after(() => ferry.stop());

  test('a query deeper than the limit is refused with a clear error', async () => {
    const ok = await ferry.client.request('{ syncs { model { source { name } } } }');
    assert.equal(ok.errors, undefined);
    const deep = await ferry.client.request('{ syncs { lastRun { sync { model { source { lastTest { ok } } } } } } }');
    assert.equal(deep.errors?.[0].extensions?.code, 'GRAPHQL_VALIDATION_FAILED');
    assert.match(deep.errors![0].message, /levels deep; the limit is 5 \(FERRY_MAX_QUERY_DEPTH\)/);
    const viaFragments = await ferry.client.request('query { syncs { ...A } } fragment A on Sync { lastRun { ...B } } fragment B on SyncRun { sync { model { source { lastTest { ok } } } } }');
    assert.match(viaFragments.errors?.[0].message ?? '', /levels deep/);
  });

  test('a body over the limit is refused with 413 and a clear error', async () => {
    const padding = 'x'.repeat(5000);
    const result = await ferry.client.request(`{ sources { id } } # ${padding}`);
    assert.equal(result.status, 413);
    assert.equal(result.errors?.[0].extensions?.code, 'PAYLOAD_TOO_LARGE');
    assert.match(result.errors![0].message, /larger than 4096 bytes \(FERRY_MAX_BODY_BYTES\)/);
  });

  test('a body that is not JSON is refused with 400', async () => {
    const response = await fetch(ferry.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${ferry.token}` }, body: '{oops' });
    assert.equal(response.status, 400);
    const body = (await response.json()) as { errors: Array<{ extensions: { code: string } }> };
    assert.equal(body.errors[0].extensions.code, 'BAD_REQUEST');
  });
});

import assert from 'node:assert/strict';
import { beforeEach, describe, test } from '@jest/globals';
import { apiClient } from './api-client';
import { errorBodies, startFakeActiveCampaign } from './index';
import { useFake } from './use-fake';

describe('fake ActiveCampaign: fault injection', () => {
  const { ac, api } = useFake({ requestsPerSecond: false });
  beforeEach(() => ac.faults.clear());

  const lastEntry = () => ac.requests.entries[ac.requests.entries.length - 1];

  test('429 with Retry-After, once, then the route answers normally', async () => {
    const fault = ac.faults.inject({ method: 'get', path: '/users/me', fault: { type: 'rate-limit', retryAfterSeconds: 7 }, times: 1 });
    const limited = await api.get('/users/me');
    assert.equal(limited.status, 429);
    assert.equal(limited.headers.get('retry-after'), '7');
    assert.equal((await api.get('/users/me')).status, 200);
    assert.equal(fault.matched, 2);
    assert.equal(fault.applied, 1);
  });

  test('503, 504 with a Cloudflare HTML page, and 500 with {} are answered before the route runs', async () => {
    ac.faults.inject({ path: '/contact/sync', fault: { type: 'service-unavailable' }, times: 1 });
    ac.faults.inject({ path: '/contact/sync', fault: { type: 'gateway-timeout' }, times: 1 });
    ac.faults.inject({ path: '/contact/sync', fault: { type: 'server-error' }, times: 1 });
    const body = { contact: { email: 'faulty@example.com' } };
    const unavailable = await api.post('/contact/sync', body);
    assert.equal(unavailable.status, 503);
    const timeout = await api.post('/contact/sync', body);
    assert.equal(timeout.status, 504);
    assert.match(timeout.headers.get('content-type')!, /text\/html/);
    assert.match(timeout.body, /<title>[^<]*504: Gateway time-out<\/title>/);
    const error = await api.post('/contact/sync', body);
    assert.equal(error.status, 500);
    assert.deepEqual(error.body, {});
    assert.equal(ac.state.findContactByEmail('faulty@example.com'), undefined, 'none of them applied the write');
    assert.equal((await api.post('/contact/sync', body)).status, 201);
  });

  test('any documented error shape can be injected, e.g. a 422 on sync', async () => {
    for (const body of [errorBodies.emailInvalid, errorBodies.listsForbidden, errorBodies.stringErrors, errorBodies.arrayErrors]) {
      ac.faults.inject({ path: '/contact/sync', fault: { type: 'response', status: 422, body }, times: 1 });
      const reply = await api.post('/contact/sync', { contact: { email: 'shape@example.com' } });
      assert.equal(reply.status, 422);
      assert.deepEqual(reply.body, body);
    }
  });

  test('connection reset: the socket is destroyed and nothing is applied', async () => {
    ac.faults.inject({ method: 'POST', path: '/accounts', fault: { type: 'reset' }, times: 1 });
    await assert.rejects(api.post('/accounts', { account: { name: 'Reset Co' } }), TypeError);
    assert.equal(ac.state.findAccountByName('Reset Co'), undefined);
    assert.equal(lastEntry().outcome, 'reset');
    assert.equal(lastEntry().status, null);
    assert.equal((await api.post('/accounts', { account: { name: 'Reset Co' } })).status, 201);
  });

  test('applied but reply lost: the write happens, the client sees a dropped connection, a retry meets the duplicate', async () => {
    ac.faults.inject({ method: 'POST', path: '/accounts', fault: { type: 'reply-lost' }, times: 1 });
    await assert.rejects(api.post('/accounts', { account: { name: 'Lost Reply Co' } }), TypeError);
    assert.ok(ac.state.findAccountByName('Lost Reply Co'), 'the account was created');
    assert.equal(lastEntry().outcome, 'reply-lost');
    assert.equal(lastEntry().status, 201);
    const retry = await api.post('/accounts', { account: { name: 'Lost Reply Co' } });
    assert.equal(retry.status, 422);
    assert.equal(retry.body.errors[0].code, 'duplicate');
  });

  test('applied but reply lost on a create without a natural key duplicates the record on retry', async () => {
    const schema = ac.state.addSchema({ slug: 'dupe', fields: [{ id: 'n', type: 'number' }] });
    ac.faults.inject({ method: 'POST', path: '/customObjects/records/:schemaId', fault: { type: 'reply-lost' }, times: 1 });
    const record = { record: { fields: [{ id: 'n', value: 1 }] } };
    await assert.rejects(api.post(`/customObjects/records/${schema.id}`, record));
    assert.equal((await api.post(`/customObjects/records/${schema.id}`, record)).status, 201);
    assert.equal(ac.state.customObjects.recordsOf(schema.id).length, 2);
  });

  test('hang: no reply until the client gives up', async () => {
    ac.faults.inject({ path: '/lists', fault: { type: 'hang' }, times: 1 });
    const started = Date.now();
    await assert.rejects(api.request('GET', '/lists', undefined, { signal: AbortSignal.timeout(150) }), { name: 'TimeoutError' });
    assert.ok(Date.now() - started >= 140);
    assert.equal(lastEntry().outcome, 'hang');
    assert.equal((await api.get('/lists')).status, 200);
  });

  test('added latency on /accounts*, and only there', async () => {
    const account = ac.state.addAccount({ name: 'Slow Co' });
    const slow = ac.faults.inject({ path: '/accounts*', fault: { type: 'latency', ms: 150 } });
    for (const path of ['/accounts?search=slow', `/accounts/${account.id}`]) {
      const started = Date.now();
      assert.equal((await api.get(path)).status, 200);
      assert.ok(Date.now() - started >= 145, `GET ${path} is slowed`);
    }
    await api.get('/users/me');
    await api.get('/accountContacts');
    assert.deepEqual([slow.matched, slow.applied], [2, 2], 'other routes are not slowed');
  });

  test('several faults due on one call: latencies add up, the first other fault wins, the rest wait their turn', async () => {
    ac.faults.inject({ path: '/tags', fault: { type: 'latency', ms: 100 } });
    const first = ac.faults.inject({ path: '/tags', fault: { type: 'server-error' }, times: 1 });
    const second = ac.faults.inject({ path: '/tags', fault: { type: 'gateway-timeout' }, times: 1 });
    const started = Date.now();
    assert.equal((await api.get('/tags')).status, 500);
    assert.ok(Date.now() - started >= 95);
    assert.equal((await api.get('/tags')).status, 504);
    assert.equal((await api.get('/tags')).status, 200);
    assert.deepEqual([first.applied, second.applied], [1, 1]);
  });

  test('every N-th call, method filtering, remove() and clear()', async () => {
    const every = ac.faults.inject({ method: 'GET', path: '/tags', fault: { type: 'server-error' }, every: 3 });
    const statuses = [];
    for (let i = 0; i < 6; i += 1) statuses.push((await api.get('/tags')).status);
    assert.deepEqual(statuses, [200, 200, 500, 200, 200, 500]);
    assert.equal((await api.post('/tags', { tag: { tag: 'not matched by method' } })).status, 201);
    assert.equal(every.matched, 6);
    every.remove();
    assert.equal(ac.faults.rules.length, 0);
    ac.faults.inject({ path: /^\/tags/, fault: { type: 'server-error' } });
    assert.equal((await api.get('/tags')).status, 500);
    ac.faults.clear();
    assert.equal((await api.get('/tags')).status, 200);
  });

  test('rules given as an option are active from the start', async () => {
    const fake = await startFakeActiveCampaign({ faults: [{ path: '/api/3/users/me', fault: { type: 'server-error' }, times: 1 }] });
    try {
      assert.equal((await apiClient(fake).get('/users/me')).status, 500);
      assert.equal((await apiClient(fake).get('/users/me')).status, 200);
    } finally {
      await fake.close();
    }
  });

  test('close() ends hanging requests', async () => {
    const fake = await startFakeActiveCampaign();
    fake.faults.inject({ path: '*', fault: { type: 'hang' } });
    const pending = apiClient(fake).get('/users/me');
    await new Promise((resolve) => setTimeout(resolve, 50));
    await fake.close();
    await assert.rejects(pending);
  });
});

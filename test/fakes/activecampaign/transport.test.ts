import assert from 'node:assert/strict';
import { describe, test } from '@jest/globals';
import { apiClient } from './api-client';
import { startFakeActiveCampaign } from './index';
import { useFake } from './use-fake';

describe('fake ActiveCampaign: transport, auth, ids and paging', () => {
  const { ac } = useFake({ requestsPerSecond: false, apiKeys: ['key-one', 'key-two'] });

  test('listens on 127.0.0.1 with a free port and exposes the first key', () => {
    assert.match(ac.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.equal(ac.apiKey, 'key-one');
  });

  test('a missing or unknown Api-Token gets 403 {"message":"Forbidden"}; every key of the account works', async () => {
    for (const key of [null, 'wrong']) {
      const reply = await apiClient(ac, key).get('/users/me');
      assert.equal(reply.status, 403);
      assert.deepEqual(reply.body, { message: 'Forbidden' });
    }
    for (const key of ['key-one', 'key-two']) {
      const reply = await apiClient(ac, key).get('/users/me');
      assert.equal(reply.status, 200);
      assert.equal(reply.body.user.id, '1');
      assert.equal(typeof reply.body.user.email, 'string');
    }
  });

  test('the auth failure status can be switched to 401', async () => {
    const fake = await startFakeActiveCampaign({ authFailureStatus: 401 });
    try {
      const reply = await apiClient(fake, 'nope').get('/users/me');
      assert.equal(reply.status, 401);
      assert.deepEqual(reply.body, { message: 'Unauthorized' });
      assert.equal((await apiClient(fake).get('/users/me')).status, 200);
    } finally {
      await fake.close();
    }
  });

  test('a default fake gets one random key', async () => {
    const fake = await startFakeActiveCampaign();
    try {
      assert.match(fake.apiKey, /^[0-9a-f]{72}$/);
      assert.deepEqual(fake.apiKeys, [fake.apiKey]);
    } finally {
      await fake.close();
    }
  });

  test('ids are strings in replies, ints or strings are accepted in bodies, meta.total is a string', async () => {
    const api = apiClient(ac);
    const list = ac.state.addList({ name: 'Ids', stringid: 'ids' });
    const sync = await api.post('/contact/sync', { contact: { email: 'ids@example.com' } });
    assert.equal(typeof sync.body.contact.id, 'string');
    const asInt = await api.post('/contactLists', { contactList: { list: Number(list.id), contact: Number(sync.body.contact.id), status: 1 } });
    assert.equal(asInt.status, 200);
    assert.equal(asInt.body.contactList.list, list.id);
    assert.equal(asInt.body.contactList.contact, sync.body.contact.id);
    const asString = await api.post('/contactLists', { contactList: { list: list.id, contact: sync.body.contact.id, status: '2' } });
    assert.equal(asString.status, 200);
    assert.equal(asString.body.contactList.status, 2);
    const lists = await api.get('/lists');
    assert.equal(typeof lists.body.meta.total, 'string');
    assert.equal(typeof lists.body.lists[0].id, 'string');
  });

  test('limit defaults to 20 and is capped at 100; offset skips', async () => {
    for (let i = 0; i < 130; i += 1) ac.state.addTag(`paging-${String(i).padStart(3, '0')}`);
    const api = apiClient(ac);
    const first = await api.get('/tags?search=paging-');
    assert.equal(first.body.tags.length, 20);
    assert.equal(first.body.meta.total, '130');
    const capped = await api.get('/tags?search=paging-&limit=500');
    assert.equal(capped.body.tags.length, 100);
    const rest = await api.get('/tags?search=paging-&limit=100&offset=100');
    assert.deepEqual(
      rest.body.tags.map((t: { tag: string }) => t.tag),
      Array.from({ length: 30 }, (_, i) => `paging-${String(100 + i).padStart(3, '0')}`),
    );
  });

  test('every reply carries RateLimit headers when a limit is set; unknown routes are 404', async () => {
    const fake = await startFakeActiveCampaign({ requestsPerSecond: 5 });
    try {
      const reply = await apiClient(fake).get('/users/me');
      assert.equal(reply.headers.get('ratelimit-limit'), '5');
      assert.equal(reply.headers.get('ratelimit-remaining'), '4');
      const missing = await apiClient(fake).get('/nothing/here');
      assert.equal(missing.status, 404);
      assert.deepEqual(missing.body, { message: 'Not Found' });
    } finally {
      await fake.close();
    }
  });

  test('a body that is not JSON gets 400', async () => {
    const reply = await apiClient(ac).request('POST', '/contact/sync', undefined, { rawBody: '{"contact":' });
    assert.equal(reply.status, 400);
    assert.deepEqual(reply.body, { errors: [{ status: 400, title: 'Bad Request' }] });
  });

  test('the request log records method, path, status and time, never the key', async () => {
    const fake = await startFakeActiveCampaign({ requestsPerSecond: false, apiKeys: ['secret-key'] });
    try {
      await apiClient(fake).get('/users/me');
      await apiClient(fake, 'bad').get('/lists');
      assert.equal(fake.requests.count, 2);
      const [ok, denied] = fake.requests.entries;
      assert.deepEqual(
        { ...ok, time: 0 },
        { method: 'GET', path: '/api/3/users/me', status: 200, time: 0, bytes: 0, outcome: 'replied', keyIndex: 0 },
      );
      assert.equal(denied.status, 403);
      assert.equal(denied.keyIndex, -1);
      assert.ok(Math.abs(ok.time - Date.now()) < 5000);
      assert.ok(!JSON.stringify(fake.requests.entries).includes('secret-key'));
      assert.equal(fake.requests.find('GET', '/lists').length, 1);
    } finally {
      await fake.close();
    }
  });
});

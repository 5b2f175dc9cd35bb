import assert from 'node:assert/strict';
import { describe, test } from '@jest/globals';
import { apiClient } from './api-client';
import { startFakeActiveCampaign } from './index';

describe('fake ActiveCampaign: account rate limit', () => {
  test('5 requests per second are shared by every key; the rest get 429 with Retry-After', async () => {
    const ac = await startFakeActiveCampaign({ apiKeys: ['a', 'b'] });
    try {
      const replies = await Promise.all(Array.from({ length: 8 }, (_, i) => apiClient(ac, i % 2 ? 'a' : 'b').get('/users/me')));
      const statuses = replies.map((r) => r.status).sort();
      assert.deepEqual(statuses, [200, 200, 200, 200, 200, 429, 429, 429]);
      const limited = replies.find((r) => r.status === 429)!;
      assert.equal(limited.headers.get('retry-after'), '1');
      assert.equal(limited.headers.get('ratelimit-limit'), '5');
      assert.equal(limited.headers.get('ratelimit-remaining'), '0');
      assert.equal(ac.requests.maxRequestsInAnyWindow(), 8);
      assert.equal(
        ac.requests.maxRequestsInAnyWindow(1000, (e) => e.status === 200),
        5,
      );

      await new Promise((resolve) => setTimeout(resolve, 1000));
      const later = await apiClient(ac, 'a').get('/users/me');
      assert.equal(later.status, 200, 'the window slides: a second later the account may send again');
    } finally {
      await ac.close();
    }
  });

  test('maxRequestsInAnyWindow sees paced traffic as within the limit', async () => {
    const ac = await startFakeActiveCampaign({ requestsPerSecond: 2 });
    try {
      for (let i = 0; i < 3; i += 1) {
        assert.equal((await apiClient(ac).get('/users/me')).status, 200);
        await new Promise((resolve) => setTimeout(resolve, 510));
      }
      assert.equal(ac.requests.maxRequestsInAnyWindow(), 2);
      assert.equal(ac.requests.maxRequestsInAnyWindow(100), 1);
    } finally {
      await ac.close();
    }
  });

  test('503 mode answers over-limit requests with 503 and Retry-After', async () => {
    const ac = await startFakeActiveCampaign({ requestsPerSecond: 1, rateLimitStatus: 503, retryAfterSeconds: 3 });
    try {
      assert.equal((await apiClient(ac).get('/users/me')).status, 200);
      const over = await apiClient(ac).get('/users/me');
      assert.equal(over.status, 503);
      assert.equal(over.headers.get('retry-after'), '3');
    } finally {
      await ac.close();
    }
  });

  test('requestsPerSecond false lifts the limit and sends no RateLimit headers', async () => {
    const ac = await startFakeActiveCampaign({ requestsPerSecond: false });
    try {
      const replies = await Promise.all(Array.from({ length: 20 }, () => apiClient(ac).get('/users/me')));
      assert.ok(replies.every((r) => r.status === 200));
      assert.equal(replies[0].headers.get('ratelimit-limit'), null);
    } finally {
      await ac.close();
    }
  });

  test('requests with a bad key are not counted against the account', async () => {
    const ac = await startFakeActiveCampaign({ requestsPerSecond: 1 });
    try {
      for (let i = 0; i < 3; i += 1) assert.equal((await apiClient(ac, 'bad').get('/users/me')).status, 403);
      assert.equal((await apiClient(ac).get('/users/me')).status, 200);
    } finally {
      await ac.close();
    }
  });
});

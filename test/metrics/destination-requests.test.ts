import assert from 'node:assert/strict';
import { afterAll, beforeAll, describe, test } from '@jest/globals';
import { Pool } from 'pg';
import { Registry } from 'prom-client';
import { Agent, request } from 'undici';
import { openDatabase } from '../../src/database/data-source';
import { createDestinationDispatcher } from '../../src/engine/http/destination-dispatcher';
import { SlidingWindowLimiter } from '../../src/engine/http/sliding-window-limiter';
import { DestinationRequestMetrics } from '../../src/metrics/destination-request-metrics';
import { json, startRecordingServer, type RecordingServer } from '../engine/http/recording-server';
import { createTestDatabase } from '../helpers/database';
import { parseMetrics } from './scrape';

let pool: Pool;
let agent: Agent;
let server: RecordingServer;
const failedOnce = new Set<string>();

beforeAll(async () => {
  const url = await createTestDatabase();
  await (await openDatabase(url)).destroy();
  pool = new Pool({ connectionString: url, max: 4 });
  agent = new Agent();
  server = await startRecordingServer((hit, res, req) => {
    const first = !failedOnce.has(hit.path);
    failedOnce.add(hit.path);
    if (hit.path.startsWith('/flaky') && first) return json(res, 503, { message: 'down' });
    if (hit.path.startsWith('/reset') && first) return req.socket.destroy();
    if (hit.path.startsWith('/missing')) return json(res, 404, { message: 'No Result found' });
    json(res, 200, { ok: true });
  });
});

afterAll(async () => {
  await agent.close();
  await server.close();
  await pool.end();
});

/** A destination dispatcher on `account` (its limits().key), reporting into a registry of its own. */
function meteredDispatcher(account: string, requestsPerSecond: number) {
  const registry = new Registry();
  const metrics = new DestinationRequestMetrics(registry);
  const dispatcher = createDestinationDispatcher({
    limits: { key: account, requestsPerSecond, maxBatchSize: 1 },
    limiter: new SlidingWindowLimiter(pool),
    agent,
    retry: { baseDelayMs: 10, maxDelayMs: 20 },
    metrics: metrics.forAccount(account),
  });
  const get = async (path: string, signal?: AbortSignal) => {
    const reply = await request(`${server.origin}${path}`, { dispatcher, signal });
    await reply.body.text();
    return reply.statusCode;
  };
  return { get, scrape: async () => parseMetrics(await registry.metrics()) };
}

describe('destination request metrics', () => {
  test('every attempt is counted by its status (no reply: "error"), every retry by what failed, every attempt waited once', async () => {
    const { get, scrape } = meteredDispatcher('acct-statuses', 50);
    assert.deepEqual(await Promise.all([get('/flaky/1'), get('/reset/1'), get('/missing/1')]), [200, 200, 404]);
    const metrics = await scrape();
    const labels = (status: string) => ({ account: 'acct-statuses', status });
    assert.equal(metrics.value('ferry_destination_requests_total', labels('200')), 2);
    assert.equal(metrics.value('ferry_destination_requests_total', labels('503')), 1);
    assert.equal(metrics.value('ferry_destination_requests_total', labels('error')), 1);
    assert.equal(metrics.value('ferry_destination_requests_total', labels('404')), 1);
    assert.equal(metrics.series('ferry_destination_requests_total').length, 4);
    assert.equal(metrics.value('ferry_destination_retries_total', labels('503')), 1);
    assert.equal(metrics.value('ferry_destination_retries_total', labels('error')), 1);
    assert.equal(metrics.series('ferry_destination_retries_total').length, 2, 'the 404 is not retried');
    assert.equal(metrics.value('ferry_destination_rate_limit_wait_seconds_count', { account: 'acct-statuses' }), 5);
  });

  test('time waiting for the rate limiter is observed per account', async () => {
    const { get, scrape } = meteredDispatcher('acct-waits', 2);
    // Two requests a second: the third of three sent at once waits for the first grant to leave the window (1 s + margin).
    assert.deepEqual(await Promise.all([get('/ok/1'), get('/ok/2'), get('/ok/3')]), [200, 200, 200]);
    const metrics = await scrape();
    assert.equal(metrics.value('ferry_destination_rate_limit_wait_seconds_count', { account: 'acct-waits' }), 3);
    const waited = metrics.value('ferry_destination_rate_limit_wait_seconds_sum', { account: 'acct-waits' })!;
    assert.ok(waited >= 1.0 && waited < 5, `waited ${waited} s in all`);
    assert.equal(metrics.value('ferry_destination_rate_limit_wait_seconds_bucket', { account: 'acct-waits', le: '0.5' }), 2, 'two went at once');
  });

  test('a request aborted while it waits for the limiter counts as a wait, not as a request', async () => {
    const { get, scrape } = meteredDispatcher('acct-abort', 1);
    assert.equal(await get('/ok/a'), 200);
    await assert.rejects(get('/ok/b', AbortSignal.timeout(200)));
    const metrics = await scrape();
    assert.equal(metrics.value('ferry_destination_requests_total', { account: 'acct-abort', status: '200' }), 1);
    assert.equal(metrics.series('ferry_destination_requests_total').length, 1);
    assert.equal(metrics.value('ferry_destination_rate_limit_wait_seconds_count', { account: 'acct-abort' }), 2);
    assert.ok(metrics.value('ferry_destination_rate_limit_wait_seconds_sum', { account: 'acct-abort' })! >= 0.15);
  });
});

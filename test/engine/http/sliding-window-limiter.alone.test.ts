import assert from 'node:assert/strict';
import { afterAll, beforeAll, describe, test } from '@jest/globals';
import { performance } from 'node:perf_hooks';
import { Pool } from 'pg';
import { Agent, request } from 'undici';
import type { DestinationLimits } from '../../../src/plugins/contract';
import { openDatabase } from '../../../src/database/data-source';
import { createDestinationDispatcher } from '../../../src/engine/http/destination-dispatcher';
import { SlidingWindowLimiter } from '../../../src/engine/http/sliding-window-limiter';
import { createTestDatabase } from '../../helpers/database';
import { json, maxInAnyWindow, startRecordingServer, type RecordingServer } from './recording-server';

let poolA: Pool;
let poolB: Pool;
let agent: Agent;
let server: RecordingServer;

/** Paths already failed once: the first request to /flaky/… gets a 503, to /limited/… a 429 with Retry-After: 1. */
const limitedOnce = new Set<string>();

beforeAll(async () => {
  const url = await createTestDatabase();
  const dataSource = await openDatabase(url);
  await dataSource.destroy();
  // Two pools: stand-ins for two worker processes sharing the database.
  poolA = new Pool({ connectionString: url, max: 4 });
  poolB = new Pool({ connectionString: url, max: 4 });
  agent = new Agent();
  server = await startRecordingServer((hit, res) => {
    if (hit.path.startsWith('/flaky/') && !limitedOnce.has(hit.path)) {
      limitedOnce.add(hit.path);
      json(res, 503, { message: 'down' });
      return;
    }
    if (hit.path.startsWith('/limited/') && !limitedOnce.has(hit.path)) {
      limitedOnce.add(hit.path);
      json(res, 429, { message: 'Too many requests' }, { 'retry-after': '1' });
      return;
    }
    json(res, 200, { ok: true });
  });
});

afterAll(async () => {
  await agent.close();
  await server.close();
  await Promise.all([poolA.end(), poolB.end()]);
});

function limits(key: string, requestsPerSecond: number, routes?: DestinationLimits['routes']): DestinationLimits {
  return { key, requestsPerSecond, maxBatchSize: 100, routes };
}

async function get(dispatcher: ReturnType<typeof createDestinationDispatcher>, path: string, method = 'GET', signal?: AbortSignal): Promise<number> {
  const reply = await request(`${server.origin}${path}`, { method: method as 'GET', dispatcher, signal, body: method === 'POST' ? '{}' : undefined });
  await reply.body.text();
  return reply.statusCode;
}

function arrivals(filter: (path: string, method: string) => boolean): number[] {
  return server.hits.filter((hit) => filter(hit.path, hit.method)).map((hit) => hit.at);
}

describe('sliding window limiter', () => {
  test('never lets more than 5 requests into any 1,000 ms window, and still sends about 5 per second', async () => {
    const dispatcher = createDestinationDispatcher({ limits: limits('acct-burst', 5), limiter: new SlidingWindowLimiter(poolA), agent });
    const started = performance.now();
    const statuses = await Promise.all(Array.from({ length: 20 }, (_, i) => get(dispatcher, `/burst/${i}`)));
    const elapsed = performance.now() - started;

    assert.deepEqual(statuses, Array(20).fill(200));
    const seen = arrivals((path) => path.startsWith('/burst/'));
    assert.equal(seen.length, 20);
    assert.ok(
      maxInAnyWindow(seen, 1000) <= 5,
      `server saw ${maxInAnyWindow(seen, 1000)} requests in one second: ${seen
        .map((t) => Math.round(t - started))
        .sort((a, b) => a - b)
        .join(',')}`,
    );
    // 5 at once, then 5 more after each window (1,000 ms + 100 ms margin): the 20th goes at ~3.3 s.
    assert.ok(elapsed >= 3000 && elapsed < 4200, `20 requests took ${Math.round(elapsed)} ms, expected 3,000-4,200`);
  });

  test('two limiters on separate pools share one key, and other keys are not held up', async () => {
    const limiterA = new SlidingWindowLimiter(poolA);
    const limiterB = new SlidingWindowLimiter(poolB);
    const workerA = createDestinationDispatcher({ limits: limits('acct-shared', 5), limiter: limiterA, agent });
    const workerB = createDestinationDispatcher({ limits: limits('acct-shared', 5), limiter: limiterB, agent });
    const otherAccount = createDestinationDispatcher({ limits: limits('acct-other', 5), limiter: limiterB, agent });

    const started = performance.now();
    let otherDone = 0;
    await Promise.all([
      ...Array.from({ length: 8 }, (_, i) => get(workerA, `/shared/a${i}`)),
      ...Array.from({ length: 7 }, (_, i) => get(workerB, `/shared/b${i}`)),
      Promise.all(Array.from({ length: 5 }, (_, i) => get(otherAccount, `/other/${i}`))).then(() => {
        otherDone = performance.now() - started;
      }),
    ]);

    const shared = arrivals((path) => path.startsWith('/shared/'));
    assert.equal(shared.length, 15);
    assert.ok(maxInAnyWindow(shared, 1000) <= 5, `two workers together sent ${maxInAnyWindow(shared, 1000)} requests in one second`);
    assert.ok(arrivals((path) => path.startsWith('/shared/a')).length === 8 && arrivals((path) => path.startsWith('/shared/b')).length === 7);
    // The other account's 5 requests fit its own budget at once instead of queueing behind the shared key.
    assert.ok(otherDone < 800, `the other account waited ${Math.round(otherDone)} ms`);
  });

  test('route budgets apply only to the method and path they name', async () => {
    const dispatcher = createDestinationDispatcher({
      limits: limits('acct-routes', 50, [{ method: 'POST', pathPrefix: '/bulk', requests: 3, perMs: 2000 }]),
      limiter: new SlidingWindowLimiter(poolA),
      agent,
    });
    const started = performance.now();
    let othersDone = 0;
    await Promise.all([
      ...Array.from({ length: 5 }, (_, i) => get(dispatcher, `/bulk?batch=${i}`, 'POST')),
      Promise.all([
        ...Array.from({ length: 3 }, (_, i) => get(dispatcher, `/bulk?poll=${i}`, 'GET')),
        ...Array.from({ length: 3 }, (_, i) => get(dispatcher, `/bulk_status/${i}`, 'POST')),
      ]).then(() => {
        othersDone = performance.now() - started;
      }),
    ]);

    const bulk = arrivals((path, method) => method === 'POST' && path.startsWith('/bulk?'));
    assert.equal(bulk.length, 5);
    assert.ok(maxInAnyWindow(bulk, 2000) <= 3, `the bulk route saw ${maxInAnyWindow(bulk, 2000)} requests in 2 s`);
    const sorted = [...bulk].sort((a, b) => a - b);
    assert.ok((sorted[3] as number) - (sorted[0] as number) >= 2000, 'the 4th bulk POST waited for the route window');
    assert.ok(othersDone < 800, `GET /bulk and POST /bulk_status waited ${Math.round(othersDone)} ms for the bulk route's budget`);
  });

  test('an abort ends a wait for budget at once, whether the request or the run is aborted', async () => {
    const limiter = new SlidingWindowLimiter(poolA);
    const budget = [{ key: 'acct-abort', requests: 1, perMs: 10_000 }];
    await limiter.acquire(budget);

    const direct = new AbortController();
    const reason = new Error('run cancelled');
    setTimeout(() => direct.abort(reason), 100);
    let started = performance.now();
    await assert.rejects(limiter.acquire(budget, direct.signal), (error) => error === reason);
    assert.ok(performance.now() - started < 400, 'acquire stopped waiting promptly');

    const run = new AbortController();
    const dispatcher = createDestinationDispatcher({ limits: limits('acct-abort', 0.1), limiter, agent, signal: run.signal });
    const requestAbort = new AbortController();
    setTimeout(() => requestAbort.abort(new Error('request aborted')), 100);
    started = performance.now();
    await assert.rejects(get(dispatcher, '/abort/request', 'GET', requestAbort.signal), /request aborted/);
    assert.ok(performance.now() - started < 400, 'the request stopped waiting promptly');

    setTimeout(() => run.abort(new Error('run cancelled')), 100);
    started = performance.now();
    await assert.rejects(get(dispatcher, '/abort/run'), /run cancelled/);
    assert.ok(performance.now() - started < 400, 'the run signal stopped the wait promptly');
    assert.equal(arrivals((path) => path.startsWith('/abort/')).length, 0, 'no aborted request reached the server');
  });

  test('a request that leaves late counts from when it left', async () => {
    const budget = [{ key: 'acct-late', requests: 1, perMs: 1000 }];
    const started = performance.now();
    const grant = await new SlidingWindowLimiter(poolA).acquire(budget);
    await new Promise((resolve) => setTimeout(resolve, 300));
    grant.sent();
    await new SlidingWindowLimiter(poolB).acquire(budget);
    const waited = performance.now() - started;
    assert.ok(waited >= 1300, `the next grant came ${Math.round(waited)} ms after the first, not 1,000 ms after the late request left`);
  });

  test('every retry attempt waits for budget again', async () => {
    const dispatcher = createDestinationDispatcher({
      limits: limits('acct-retry-budget', 1),
      limiter: new SlidingWindowLimiter(poolA),
      agent,
      retry: { baseDelayMs: 1 },
    });
    assert.equal(await get(dispatcher, '/flaky/budget'), 200);
    const [failed, retried] = arrivals((path) => path === '/flaky/budget') as [number, number];
    assert.ok(retried - failed >= 1000, `the retry went ${Math.round(retried - failed)} ms after the 503, inside the 1 per second window`);
  });

  test('a 429 holds the key back for Retry-After in every limiter sharing it', async () => {
    const workerA = createDestinationDispatcher({
      limits: limits('acct-429', 5),
      limiter: new SlidingWindowLimiter(poolA),
      agent,
      onRetry: () => {
        // Another worker's request on the same account, sent while worker A waits out the 429.
        setTimeout(() => {
          secondWorker = get(workerB, '/held/b');
        }, 100);
      },
    });
    const workerB = createDestinationDispatcher({ limits: limits('acct-429', 5), limiter: new SlidingWindowLimiter(poolB), agent });
    let secondWorker: Promise<number> | undefined;

    assert.equal(await get(workerA, '/limited/a'), 200);
    assert.equal(await secondWorker, 200);

    const [limited, retried] = server.hits.filter((hit) => hit.path === '/limited/a').map((hit) => hit.at) as [number, number];
    const [held] = arrivals((path) => path === '/held/b') as [number];
    assert.ok(retried - limited >= 950, `worker A retried ${Math.round(retried - limited)} ms after the 429`);
    assert.ok(held - limited >= 950, `worker B sent ${Math.round(held - limited)} ms after the 429, inside the hold`);
  });
});

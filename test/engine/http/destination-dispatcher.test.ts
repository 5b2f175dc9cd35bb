import assert from 'node:assert/strict';
import type { ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, test } from '@jest/globals';
import { Pool } from 'pg';
import { Agent, request, type Dispatcher } from 'undici';
import { openDatabase } from '../../../src/database/data-source';
import { createDestinationDispatcher } from '../../../src/engine/http/destination-dispatcher';
import type { RetryInfo } from '../../../src/engine/http/retry-interceptor';
import { SlidingWindowLimiter } from '../../../src/engine/http/sliding-window-limiter';
import { createTestDatabase } from '../../helpers/database';
import { json, startRecordingServer, type Hit, type RecordingServer } from './recording-server';

let pool: Pool;
let agent: Agent;
let server: RecordingServer;
let retries: RetryInfo[];
let dispatcher: Dispatcher;

/** How the fake answers the n-th request (0-based) to a path, by the path's first segment. */
const scripts: Record<string, (n: number, hit: Hit, res: ServerResponse) => void> = {
  flaky: (n, _hit, res) => (n === 0 ? json(res, 503, { message: 'down' }) : json(res, 200, { ok: true })),
  'retry-after': (n, _hit, res) => (n === 0 ? json(res, 429, { message: 'slow down' }, { 'retry-after': '1' }) : json(res, 200, { ok: true })),
  'html-504': (n, _hit, res) => {
    if (n > 0) return json(res, 200, { ok: true });
    res.writeHead(504, { 'content-type': 'text/html; charset=utf-8' });
    res.end('<html><body><h1>504 Gateway Time-out</h1></body></html>');
  },
  reset: (n, _hit, res) => (n === 0 ? res.socket?.destroy() : json(res, 200, { ok: true })),
  hang: (n, _hit, res) => (n === 0 ? undefined : json(res, 200, { ok: true })),
  invalid: (_n, _hit, res) => json(res, 422, { errors: [{ title: 'Email is invalid' }] }),
  down: (n, _hit, res) => json(res, 503, { message: `down, attempt ${n + 1}` }),
  gone: (_n, _hit, res) => res.socket?.destroy(),
  echo: (n, _hit, res) => (n === 0 ? json(res, 503, { message: 'down' }) : json(res, 200, { ok: true })),
  'long-wait': (_n, _hit, res) => json(res, 503, { message: 'maintenance' }, { 'retry-after': '30' }),
};

beforeAll(async () => {
  const url = await createTestDatabase();
  await (await openDatabase(url)).destroy();
  pool = new Pool({ connectionString: url, max: 4 });
  agent = new Agent({ headersTimeout: 300 });
  server = await startRecordingServer((hit, res) => {
    const segment = hit.path.split('/')[1] ?? '';
    const n = server.hits.filter((other) => other.path === hit.path).length - 1;
    const script = scripts[segment];
    if (script) script(n, hit, res);
    else json(res, 404, { message: 'no script' });
  });
  retries = [];
  dispatcher = createDestinationDispatcher({
    limits: { key: 'acct-retry', requestsPerSecond: 100, maxBatchSize: 100 },
    limiter: new SlidingWindowLimiter(pool),
    agent,
    retry: { maxAttempts: 3, baseDelayMs: 20 },
    onRetry: (info) => retries.push(info),
  });
});

afterAll(async () => {
  await agent.close();
  await server.close();
  await pool.end();
});

function hitsOf(path: string): Hit[] {
  return server.hits.filter((hit) => hit.path === path);
}

function retriesOf(path: string): RetryInfo[] {
  return retries.filter((info) => info.path === path);
}

async function send(path: string, options: { method?: 'GET' | 'POST'; body?: string | Buffer | Readable; signal?: AbortSignal } = {}) {
  const reply = await request(`${server.origin}${path}`, { method: options.method ?? 'GET', body: options.body, signal: options.signal, dispatcher });
  return { status: reply.statusCode, body: await reply.body.text() };
}

describe('retry policy on the destination dispatcher', () => {
  test('a 503 then a 200: the plugin sees the 200, the server saw 2 requests', async () => {
    const reply = await send('/flaky/1');
    assert.deepEqual(reply, { status: 200, body: '{"ok":true}' });
    assert.equal(hitsOf('/flaky/1').length, 2);
    const [info] = retriesOf('/flaky/1');
    assert.equal(info?.attempt, 1);
    assert.equal(info?.statusCode, 503);
    assert.equal(info?.method, 'GET');
  });

  test('a 429 with Retry-After: 1 waits a second before the next attempt', async () => {
    const started = performance.now();
    const reply = await send('/retry-after/1?page=2');
    assert.equal(reply.status, 200);
    const [first, second] = hitsOf('/retry-after/1?page=2') as [Hit, Hit];
    assert.ok(second.at - first.at >= 990, `retried after ${Math.round(second.at - first.at)} ms`);
    assert.ok(performance.now() - started < 2000);
    assert.deepEqual(
      retriesOf('/retry-after/1').map((info) => info.delayMs),
      [1000],
    );
  });

  test('an HTML 504 error page is retried', async () => {
    assert.equal((await send('/html-504/1')).status, 200);
    assert.equal(hitsOf('/html-504/1').length, 2);
  });

  test('a connection reset before the reply is retried', async () => {
    assert.equal((await send('/reset/1')).status, 200);
    assert.equal(hitsOf('/reset/1').length, 2);
    assert.match(retriesOf('/reset/1')[0]?.error ?? '', /UND_ERR_SOCKET|ECONNRESET/);
  });

  test('a reply that never comes times out and is retried', async () => {
    assert.equal((await send('/hang/1')).status, 200);
    assert.equal(hitsOf('/hang/1').length, 2);
    assert.equal(retriesOf('/hang/1')[0]?.error, 'UND_ERR_HEADERS_TIMEOUT');
  });

  test('a 422 is not retried and reaches the plugin with its body', async () => {
    const reply = await send('/invalid/1', { method: 'POST', body: '{"email":"nope"}' });
    assert.deepEqual(reply, { status: 422, body: '{"errors":[{"title":"Email is invalid"}]}' });
    assert.equal(hitsOf('/invalid/1').length, 1);
    assert.equal(retriesOf('/invalid/1').length, 0);
  });

  test('after the last attempt the plugin gets the last 503, body and all', async () => {
    const reply = await send('/down/1');
    assert.deepEqual(reply, { status: 503, body: '{"message":"down, attempt 3"}' });
    assert.equal(hitsOf('/down/1').length, 3);
    assert.deepEqual(
      retriesOf('/down/1').map((info) => info.attempt),
      [1, 2],
    );
  });

  test('after the last attempt a network failure is thrown to the plugin', async () => {
    await assert.rejects(send('/gone/1'), (error: Error & { code?: string; cause?: { code?: string } }) => {
      assert.match(`${error.code} ${error.cause?.code}`, /UND_ERR_SOCKET|ECONNRESET/);
      return true;
    });
    assert.equal(hitsOf('/gone/1').length, 3);
  });

  test('POST bodies are sent again intact, text and binary', async () => {
    const text = JSON.stringify({ contacts: [{ email: 'ada@example.com', first_name: 'Ada' }] });
    const binary = Buffer.from([0, 1, 2, 0xfe, 0xff, 0x80, 10, 13]);
    assert.equal((await send('/echo/text', { method: 'POST', body: text })).status, 200);
    assert.equal((await send('/echo/binary', { method: 'POST', body: binary })).status, 200);
    assert.deepEqual(
      hitsOf('/echo/text').map((hit) => hit.body.toString('utf8')),
      [text, text],
    );
    assert.deepEqual(
      hitsOf('/echo/binary').map((hit) => hit.body),
      [binary, binary],
    );
    assert.deepEqual(
      hitsOf('/echo/text').map((hit) => hit.method),
      ['POST', 'POST'],
    );
  });

  test('a streamed body goes out once: its failure is returned, not retried', async () => {
    const reply = await send('/echo/stream', { method: 'POST', body: Readable.from([Buffer.from('a'), Buffer.from('b')]) });
    assert.equal(reply.status, 503);
    assert.deepEqual(
      hitsOf('/echo/stream').map((hit) => hit.body.toString()),
      ['ab'],
    );
  });

  test('aborting the request ends a backoff wait at once', async () => {
    const abort = new AbortController();
    const started = performance.now();
    setTimeout(() => abort.abort(new Error('run cancelled')), 150);
    await assert.rejects(send('/long-wait/1', { signal: abort.signal }), /run cancelled/);
    assert.ok(performance.now() - started < 1000, `took ${Math.round(performance.now() - started)} ms with a 30 s Retry-After`);
    assert.equal(hitsOf('/long-wait/1').length, 1);
    assert.deepEqual(
      retriesOf('/long-wait/1').map((info) => info.delayMs),
      [30_000],
    );
  });
});

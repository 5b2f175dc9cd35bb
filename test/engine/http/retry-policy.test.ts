import assert from 'node:assert/strict';
import { describe, test } from '@jest/globals';
import { parseRetryAfter } from '../../../src/engine/http/retry-after';
import { isRetryable, retryPolicy } from '../../../src/engine/http/retry-policy';

const alwaysHigh = retryPolicy({ random: () => 0.999999 });

describe('retryPolicy', () => {
  test('retries 429, 500, 502, 503 and 504, and any 5xx HTML page', () => {
    for (const statusCode of [429, 500, 502, 503, 504]) {
      assert.equal(typeof alwaysHigh(1, { statusCode, contentType: 'application/json' }), 'number', String(statusCode));
    }
    assert.equal(typeof alwaysHigh(1, { statusCode: 520, contentType: 'text/html; charset=UTF-8' }), 'number');
    assert.equal(alwaysHigh(1, { statusCode: 501, contentType: 'application/json' }), null);
  });

  test('never retries other 4xx, HTML or not, nor a success', () => {
    for (const statusCode of [400, 401, 403, 404, 408, 409, 413, 422]) {
      assert.equal(alwaysHigh(1, { statusCode, contentType: 'application/json' }), null, String(statusCode));
    }
    assert.equal(alwaysHigh(1, { statusCode: 403, contentType: 'text/html' }), null);
    assert.equal(alwaysHigh(1, { statusCode: 200 }), null);
  });

  test('retries connection resets and timeouts, found on the error or its cause', () => {
    const codes = ['ECONNRESET', 'UND_ERR_SOCKET', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_CONNECT_TIMEOUT'];
    for (const code of codes) assert.equal(isRetryable({ error: Object.assign(new Error(code), { code }) }), true, code);
    const nested = Object.assign(new Error('fetch failed'), { cause: Object.assign(new Error('read'), { code: 'ECONNRESET' }) });
    assert.equal(isRetryable({ error: nested }), true);
  });

  test('does not retry refused connections, unknown hosts, aborts or plain errors', () => {
    assert.equal(isRetryable({ error: Object.assign(new Error('refused'), { code: 'ECONNREFUSED' }) }), false);
    assert.equal(isRetryable({ error: Object.assign(new Error('dns'), { code: 'ENOTFOUND' }) }), false);
    assert.equal(isRetryable({ error: new DOMException('aborted', 'AbortError') }), false);
    assert.equal(isRetryable({ error: Object.assign(new Error('aborted'), { name: 'AbortError', code: 'ECONNRESET' }) }), false);
    assert.equal(isRetryable({ error: new Error('boom') }), false);
  });

  test('backs off exponentially with full jitter, capped', () => {
    const failure = { statusCode: 503 };
    const high = retryPolicy({ maxAttempts: 20, random: () => 0.999999 });
    assert.deepEqual(
      [1, 2, 3, 4].map((attempt) => high(attempt, failure)),
      [499, 999, 1999, 3999],
    );
    assert.equal(high(10, failure), 29_999);
    assert.equal(retryPolicy({ random: () => 0 })(3, failure), 0);
    const seen = new Set(Array.from({ length: 50 }, () => retryPolicy()(2, failure)));
    assert.ok(seen.size > 10 && [...seen].every((ms) => ms !== null && ms >= 0 && ms < 1000), 'delays spread over [0, 1000)');
  });

  test('stops after maxAttempts attempts in all', () => {
    assert.equal(typeof alwaysHigh(4, { statusCode: 503 }), 'number');
    assert.equal(alwaysHigh(5, { statusCode: 503 }), null);
    assert.equal(retryPolicy({ maxAttempts: 2 })(2, { statusCode: 503 }), null);
  });

  test('honours Retry-After exactly on 429 and 503 only, up to maxRetryAfterMs', () => {
    assert.equal(alwaysHigh(1, { statusCode: 429 }, 7000), 7000);
    assert.equal(alwaysHigh(3, { statusCode: 503 }, 0), 0);
    assert.equal(alwaysHigh(1, { statusCode: 500 }, 7000), 499);
    assert.equal(alwaysHigh(1, { statusCode: 429 }, 120_000), null);
    assert.equal(retryPolicy({ maxRetryAfterMs: 200_000 })(1, { statusCode: 429 }, 120_000), 120_000);
  });
});

describe('parseRetryAfter', () => {
  test('reads delay-seconds and HTTP dates', () => {
    const now = Date.parse('Wed, 21 Oct 2015 07:28:00 GMT');
    assert.equal(parseRetryAfter('2', now), 2000);
    assert.equal(parseRetryAfter(' 1.5 ', now), 1500);
    assert.equal(parseRetryAfter('Wed, 21 Oct 2015 07:28:05 GMT', now), 5000);
    assert.equal(parseRetryAfter('Wed, 21 Oct 2015 07:27:00 GMT', now), 0);
    assert.equal(parseRetryAfter(['3', '9'], now), 3000);
  });

  test('gives undefined when there is nothing to read', () => {
    assert.equal(parseRetryAfter(undefined), undefined);
    assert.equal(parseRetryAfter(''), undefined);
    assert.equal(parseRetryAfter('soon'), undefined);
    assert.equal(parseRetryAfter('-1'), undefined);
  });
});

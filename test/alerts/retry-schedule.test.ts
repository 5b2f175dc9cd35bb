import assert from 'node:assert/strict';
import { test } from '@jest/globals';
import { retrySchedule } from '../../src/alerts/alert-worker';
import { nextAttemptAt, retryDelayMs } from '../../src/alerts/retry-schedule';
import { signatureHeader } from '../../src/alerts/signature';
import { loadConfig } from '../../src/config';
import { readmeVerifier } from './alert-fixture';

const defaults = retrySchedule(loadConfig({}));

test('the default schedule: 30 s, doubling, at most an hour apart, for a day (about 30 attempts), as the README says', () => {
  const middle = () => 0.5;
  assert.deepEqual(
    [1, 2, 3, 4, 5, 6, 7, 8, 9, 20].map((attempt) => retryDelayMs(defaults, attempt, middle) / 1000),
    [30, 60, 120, 240, 480, 960, 1920, 3600, 3600, 3600],
  );
  const first = new Date('2026-01-01T00:00:00Z');
  let now = first;
  let attempts = 1;
  for (;;) {
    const next = nextAttemptAt(defaults, { attempt: attempts, firstAttemptAt: first, now, random: middle });
    if (!next) break;
    now = next;
    attempts += 1;
  }
  assert.ok(attempts >= 25 && attempts <= 35, `${attempts} attempts`);
  assert.ok(now.getTime() - first.getTime() <= 24 * 3_600_000, 'the last attempt is within the day');
  assert.ok(now.getTime() - first.getTime() > 23 * 3_600_000, 'and near its end');
});

test('each wait is spread by ±20 %, and nothing is tried after the retry period', () => {
  assert.equal(
    retryDelayMs(defaults, 1, () => 0),
    24_000,
  );
  assert.equal(
    retryDelayMs(defaults, 1, () => 1),
    36_000,
  );
  assert.equal(
    retryDelayMs(defaults, 60, () => 1),
    4_320_000,
    'a huge attempt number stays capped',
  );
  const short = { firstMs: 1_000, maxMs: 10_000, retryForMs: 5_000 };
  const first = new Date(0);
  assert.deepEqual(nextAttemptAt(short, { attempt: 2, firstAttemptAt: first, now: new Date(1_000), random: () => 0.5 }), new Date(3_000));
  assert.equal(nextAttemptAt(short, { attempt: 3, firstAttemptAt: first, now: new Date(3_000), random: () => 0.5 }), null, '3 s + 4 s is past 5 s');
});

test('the README snippet verifies what the signer signs, and refuses malformed headers', () => {
  const verify = readmeVerifier();
  const body = JSON.stringify({ id: 'x', event: 'run.failed', message: 'ünïcode ✓' });
  const now = Math.floor(Date.now() / 1000);
  const header = signatureHeader('whsec_test', body, now);
  assert.equal(verify('whsec_test', header, body), true);
  assert.equal(verify('whsec_test', header, Buffer.from(body, 'utf8')), true);
  for (const bad of ['', 'garbage', `t=${now}`, `v1=${header.split('v1=')[1]}`, header.replace(/v1=../, 'v1=zz'), header.slice(0, -2)]) {
    assert.equal(verify('whsec_test', bad, body), false, bad);
  }
  assert.equal(verify('whsec_test', signatureHeader('whsec_test', body, now - 301), body), false, 'older than 5 minutes');
  assert.equal(verify('whsec_test', signatureHeader('whsec_test', body, now - 301), body, 600), true, 'within a wider tolerance');
});

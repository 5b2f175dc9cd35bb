import assert from 'node:assert/strict';
import { afterAll, beforeAll, describe, test } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { createApiToken } from '../../src/schema/auth';
import { revokeApiToken } from '../../src/schema/token/token-store';
import { startFakeActiveCampaign, type FakeActiveCampaign } from '../fakes/activecampaign';
import { distRoot } from '../helpers/ferry-process';
import { startTestFerry, type TestFerry } from '../helpers/ferry-server';
import { contactSyncSpec, createSync, fastPlugins, startWarehouse, trigger, waitForRun, type Warehouse } from '../helpers/sync-fixtures';
import { apiMetricsUrl, scrape } from './scrape';

/**
 * An API-only Ferry (no worker takes its runs, so a triggered run stays QUEUED) with FERRY_METRICS_ADDRESS set:
 * who may read /metrics on each address, and the queue as the gauges report it.
 */
const { version } = JSON.parse(readFileSync(join(distRoot, '..', 'package.json'), 'utf8')) as { version: string };

describe('who may read the metrics, and the queue they report', () => {
  let fake: FakeActiveCampaign;
  let warehouse: Warehouse;
  let ferry: TestFerry;
  let metricsUrl: string;
  let syncId: string;

  beforeAll(async () => {
    fake = await startFakeActiveCampaign({ requestsPerSecond: false });
    warehouse = await startWarehouse();
    await warehouse.client.query(`CREATE TABLE people AS SELECT 'a@example.com' AS email`);
    ferry = await startTestFerry({ FERRY_ROLE: 'api', FERRY_METRICS_ADDRESS: '127.0.0.1:0' }, fastPlugins);
    assert.ok(ferry.metricsUrl);
    metricsUrl = ferry.metricsUrl;
    ({ syncId } = await createSync(ferry.client, contactSyncSpec(warehouse, fake, { sql: 'SELECT email FROM people', mappings: [] })));
  });

  afterAll(async () => {
    await ferry?.stop();
    await fake?.close();
    await warehouse?.close();
  });

  const get = async (url: string, headers: Record<string, string> = {}, method = 'GET') => {
    const response = await fetch(url, { method, headers });
    return { status: response.status, headers: response.headers, text: await response.text() };
  };

  test('on the API port, /metrics answers 401 with no token and with a wrong one, saying what to send', async () => {
    const missing = await get(apiMetricsUrl(ferry.url));
    assert.equal(missing.status, 401);
    assert.match(missing.headers.get('www-authenticate') ?? '', /^Bearer/);
    const missingBody = JSON.parse(missing.text);
    assert.equal(missingBody.code, 'UNAUTHENTICATED');
    assert.match(missingBody.error, /GET \/metrics needs an API token: send "Authorization: Bearer <token>"/);
    assert.match(missingBody.error, /token create/);
    assert.match(missingBody.error, /FERRY_METRICS_ADDRESS/);

    const wrong = await get(apiMetricsUrl(ferry.url), { authorization: 'Bearer not-a-ferry-token-at-all' });
    assert.equal(wrong.status, 401);
    const wrongBody = JSON.parse(wrong.text);
    assert.equal(wrongBody.code, 'UNAUTHENTICATED');
    assert.match(wrongBody.error, /The API token is not valid \(unknown, revoked or expired\)/);
    assert.doesNotMatch(missing.text + wrong.text, /ferry_|process_/, 'no metric leaks into a refusal');
  });

  test('with FERRY_API_TOKEN or a stored token the API port serves the metrics, process metrics included; a revoked token is refused', async () => {
    const metrics = await scrape(apiMetricsUrl(ferry.url), ferry.token);
    assert.equal(metrics.value('ferry_info', { role: 'api', version }), 1);
    assert.ok(metrics.value('process_resident_memory_bytes')! > 10_000_000);
    // Counted from when the registry was made, at the kernel's tick: a quiet few milliseconds may still read 0.
    assert.ok(metrics.value('process_cpu_user_seconds_total')! >= 0);
    assert.notEqual(metrics.value('nodejs_eventloop_lag_seconds'), undefined);
    assert.notEqual(metrics.value('nodejs_heap_size_used_bytes'), undefined);

    const { token, apiToken } = await createApiToken(ferry.ferry.db, 'prometheus');
    await scrape(apiMetricsUrl(ferry.url), token);
    await revokeApiToken(ferry.ferry.db, apiToken.id);
    // The revocation reaches the API's token cache through NOTIFY.
    const deadline = Date.now() + 5_000;
    let status = 200;
    while (status === 200 && Date.now() < deadline) {
      status = (await get(apiMetricsUrl(ferry.url), { authorization: `Bearer ${token}` })).status;
      if (status === 200) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    assert.equal(status, 401);
  });

  test('only GET and HEAD read the metrics', async () => {
    const posted = await get(apiMetricsUrl(ferry.url), { authorization: `Bearer ${ferry.token}` }, 'POST');
    assert.equal(posted.status, 405);
    assert.equal(posted.headers.get('allow'), 'GET, HEAD');
    const head = await get(metricsUrl, {}, 'HEAD');
    assert.equal(head.status, 200);
    assert.equal(head.text, '');
  });

  test('FERRY_METRICS_ADDRESS serves the same metrics without a token, and nothing else', async () => {
    assert.match(metricsUrl, /^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
    const metrics = await scrape(metricsUrl);
    assert.equal(metrics.value('ferry_info', { role: 'api', version }), 1);
    assert.notEqual(metrics.value('ferry_queued_runs'), undefined);
    const graphql = await get(new URL('/graphql', metricsUrl).toString());
    assert.equal(graphql.status, 404);
    assert.match(graphql.text, /the metrics are at \/metrics/);
  });

  test('the queue gauges show a queued run and how long it has waited, and drop when it is cancelled', async () => {
    const empty = await scrape(metricsUrl);
    assert.deepEqual(
      [empty.value('ferry_queued_runs'), empty.value('ferry_running_runs'), empty.value('ferry_oldest_queued_run_age_seconds')],
      [0, 0, 0],
    );
    const run = await trigger(ferry.client, syncId);
    assert.equal(run.status, 'QUEUED');
    await ferry.ferry.db.query(`UPDATE sync_runs SET queued_at = now() - interval '90 seconds' WHERE id = $1`, [run.id]);
    const queued = await scrape(metricsUrl);
    assert.equal(queued.value('ferry_queued_runs'), 1);
    assert.equal(queued.value('ferry_running_runs'), 0);
    const age = queued.value('ferry_oldest_queued_run_age_seconds')!;
    assert.ok(age >= 90 && age < 120, `oldest queued run waited ${age} s`);
    await ferry.client.data(`mutation($id: ID!) { cancelSyncRun(id: $id) { id } }`, { id: run.id });
    assert.equal((await waitForRun(ferry.client, run.id)).status, 'CANCELLED');
    const cancelled = await scrape(metricsUrl);
    assert.deepEqual([cancelled.value('ferry_queued_runs'), cancelled.value('ferry_oldest_queued_run_age_seconds')], [0, 0]);
  });

  test('when the database does not answer, a scrape still answers: the queue gauges read NaN, the rest as usual', async () => {
    const blocker = new Client({ connectionString: ferry.databaseUrl });
    await blocker.connect();
    try {
      await blocker.query('BEGIN');
      await blocker.query('LOCK TABLE sync_runs IN ACCESS EXCLUSIVE MODE');
      const blocked = await scrape(metricsUrl);
      assert.ok(Number.isNaN(blocked.value('ferry_queued_runs')), 'unknown, not 0');
      assert.ok(Number.isNaN(blocked.value('ferry_oldest_queued_run_age_seconds')));
      assert.ok(blocked.value('process_resident_memory_bytes')! > 0);
      await blocker.query('COMMIT');
      assert.equal((await scrape(metricsUrl)).value('ferry_queued_runs'), 0);
    } finally {
      await blocker.end();
    }
  });
});

import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, test } from '@jest/globals';
import { startFakeActiveCampaign, type FakeActiveCampaign } from '../fakes/activecampaign';
import { killProcesses, startWorkerProcess, type FerryProcess } from '../helpers/ferry-process';
import { startTestFerry, type TestFerry } from '../helpers/ferry-server';
import { contactSyncSpec, createSync, fastPlugins, startWarehouse, trigger, waitForRun, type Warehouse } from '../helpers/sync-fixtures';
import { apiMetricsUrl, scrape } from './scrape';

/** The metrics URL a Ferry process logged when it started. */
function loggedMetricsUrl(process: FerryProcess): string {
  const line = process
    .output()
    .split('\n')
    .find((text) => text.includes('"message":"Ferry started"'));
  assert.ok(line, process.output());
  const { metrics } = JSON.parse(line) as { metrics: string | null };
  assert.ok(metrics, `no metrics address in ${line}`);
  return metrics;
}

/**
 * A worker process (`node dist/src/main.js`, FERRY_ROLE=worker) serves no API; with FERRY_METRICS_ADDRESS it
 * serves its metrics there, and they count the runs it executes (the API process, which executes none, counts none).
 */
describe('a worker serves its metrics on FERRY_METRICS_ADDRESS', () => {
  let fake: FakeActiveCampaign;
  let warehouse: Warehouse;
  let api: TestFerry;
  let worker: FerryProcess;
  let syncId: string;

  beforeAll(async () => {
    fake = await startFakeActiveCampaign({ requestsPerSecond: false });
    warehouse = await startWarehouse();
    await warehouse.client.query(
      `CREATE TABLE people AS SELECT 'w' || g || '@example.com' AS email, 'W ' || g AS first_name FROM generate_series(1, 3) g`,
    );
    const secretKey = randomBytes(32).toString('base64');
    api = await startTestFerry({ FERRY_ROLE: 'api', FERRY_SECRET_KEY: secretKey }, fastPlugins);
    ({ syncId } = await createSync(
      api.client,
      contactSyncSpec(warehouse, fake, {
        sql: 'SELECT email, first_name FROM people ORDER BY email',
        mappings: [{ from: 'first_name', to: 'firstName' }],
      }),
    ));
    worker = await startWorkerProcess(api.databaseUrl, secretKey, { FERRY_METRICS_ADDRESS: '127.0.0.1:0' });
  });

  afterAll(async () => {
    if (worker) killProcesses([worker]);
    await api?.stop();
    await fake?.close();
    await warehouse?.close();
  });

  test("the worker's metrics count the run it executed; the API's do not", async () => {
    const workerUrl = loggedMetricsUrl(worker);
    const workerBefore = await scrape(workerUrl);
    const apiBefore = await scrape(apiMetricsUrl(api.url), api.token);
    assert.deepEqual(
      workerBefore.series('ferry_info').map(({ labels, value }) => [labels.role, value]),
      [['worker', 1]],
    );
    assert.ok(workerBefore.value('process_resident_memory_bytes')! > 0);

    const run = await waitForRun(api.client, (await trigger(api.client, syncId)).id);
    assert.equal(run.status, 'SUCCEEDED', JSON.stringify(run));
    assert.equal(run.rowsCreated, 3);

    const workerAfter = await scrape(workerUrl);
    const apiAfter = await scrape(apiMetricsUrl(api.url), api.token);
    assert.equal(workerAfter.gain(workerBefore, 'ferry_runs_total', { status: 'SUCCEEDED', trigger: 'MANUAL' }), 1);
    assert.equal(workerAfter.gain(workerBefore, 'ferry_rows_read_total'), 3);
    assert.equal(workerAfter.gain(workerBefore, 'ferry_rows_created_total'), 3);
    assert.equal(apiAfter.gain(apiBefore, 'ferry_runs_total', { status: 'SUCCEEDED', trigger: 'MANUAL' }), 0);
    assert.equal(apiAfter.gain(apiBefore, 'ferry_rows_read_total'), 0);
    // Worker and API report the same cluster-wide queue.
    assert.equal(workerAfter.value('ferry_queued_runs'), apiAfter.value('ferry_queued_runs'));
  }, 60_000);
});

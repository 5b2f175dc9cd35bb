import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, test } from '@jest/globals';
import { startFakeActiveCampaign, type FakeActiveCampaign } from '../fakes/activecampaign';
import { killProcesses, startWorkerProcess, type FerryProcess } from '../helpers/ferry-process';
import { startTestFerry, type TestFerry } from '../helpers/ferry-server';
import { contactSyncSpec, createSync, fastPlugins, startWarehouse, trigger, waitForRun, type Warehouse } from '../helpers/sync-fixtures';
import { createRule, deliveriesOf, fastAlerts, readmeVerifier, waitForDeliveries } from './alert-fixture';
import { startWebhookReceiver, type WebhookReceiver } from './webhook-receiver';

/** Every process alike: quick checks and retries, and a retry period long enough to outlast a worker's restart. */
const alertEnv = { ...fastAlerts, FERRY_ALERT_RETRY_FOR_HOURS: '0.02' };
/** Long enough for an API process that did evaluate or send (every 0.2 s, retries after 0.3 s) to have done so. */
const QUIET_MS = 1_500;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The delivery ids a worker's log says it delivered. */
const deliveredBy = (worker: FerryProcess) =>
  worker
    .output()
    .split('\n')
    .filter((line) => line.includes('"message":"alert delivered"'))
    .map((line) => (JSON.parse(line) as { deliveryId: string }).deliveryId);

/** Stops a worker the way an orchestrator does (SIGTERM) and waits for it to exit. */
async function stopWorker(worker: FerryProcess): Promise<void> {
  worker.child.kill('SIGTERM');
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<string>((resolve) => (timer = setTimeout(() => resolve('still running'), 15_000)));
  const code = await Promise.race([worker.exited, timeout]).finally(() => clearTimeout(timer));
  assert.equal(code, 0, `the worker exits cleanly on SIGTERM:\n${worker.output()}`);
}

/**
 * Production's split: an API-only Ferry (FERRY_ROLE=api, in this process) and a worker process (`node dist/src/main.js`,
 * FERRY_ROLE=worker) on one database. The worker evaluates rules and sends alert deliveries; the API process sends
 * test deliveries only. One worker at a time (stopped and started again), never two.
 */
describe('alerts with an API-only Ferry and a worker process', () => {
  let fake: FakeActiveCampaign;
  let warehouse: Warehouse;
  let receiver: WebhookReceiver;
  let api: TestFerry;
  let secretKey: string;
  let worker: FerryProcess | undefined;
  let syncId: string;
  let ruleId: string;
  let signingSecret: string;
  const verify = readmeVerifier();

  const startWorker = async (env: Record<string, string> = {}) => {
    assert.equal(worker?.child.exitCode ?? 0, 0, 'one worker at a time');
    worker = await startWorkerProcess(api.databaseUrl, secretKey, { ...alertEnv, ...env });
    return worker;
  };

  beforeAll(async () => {
    fake = await startFakeActiveCampaign({ requestsPerSecond: false });
    warehouse = await startWarehouse();
    receiver = await startWebhookReceiver();
    await warehouse.client.query(`CREATE TABLE people AS SELECT 'p' || g || '@example.com' AS email FROM generate_series(1, 3) g`);
    secretKey = randomBytes(32).toString('base64');
    api = await startTestFerry({ FERRY_ROLE: 'api', FERRY_SECRET_KEY: secretKey, ...alertEnv }, fastPlugins);
    ({ syncId } = await createSync(api.client, contactSyncSpec(warehouse, fake, { sql: 'SELECT email FROM people', mappings: [] })));
    // Every run of the sync now fails: its model reads a table that is gone.
    await warehouse.client.query('DROP TABLE people');
    ({ id: ruleId, signingSecret } = await createRule(api.client, {
      name: 'People failed',
      syncId,
      condition: 'RUN_FAILED',
      url: receiver.url,
    }));
  }, 60_000);

  afterAll(async () => {
    if (worker) killProcesses([worker]);
    await api?.stop();
    await receiver?.close();
    await fake?.close();
    await warehouse?.close();
  });

  test('the worker evaluates the rule and sends one signed delivery; the API process shows it and its attempt', async () => {
    const sending = await startWorker();
    const run = await waitForRun(api.client, (await trigger(api.client, syncId)).id);
    assert.equal(run.status, 'FAILED', JSON.stringify(run));

    const [request] = await receiver.waitFor(1);
    assert.equal(verify(signingSecret, String(request.headers['ferry-signature']), request.body), true, 'the README snippet verifies it');
    const payload = JSON.parse(request.body);
    assert.equal(payload.event, 'run.failed');
    assert.equal(payload.test, false);
    assert.equal(payload.run.id, run.id);

    const [delivery] = await waitForDeliveries(api.client, ruleId, (list) => list[0]?.status === 'DELIVERED');
    assert.equal(delivery.id, payload.id);
    assert.equal(delivery.runId, run.id);
    assert.equal(delivery.attemptCount, 1);
    assert.equal(delivery.responseStatus, 200);
    assert.deepEqual(delivery.payload, payload, 'the API process shows the body the worker sent');
    assert.equal(delivery.attempts.length, 1);
    assert.equal(delivery.attempts[0].responseStatus, 200);
    assert.deepEqual(deliveredBy(sending), [delivery.id], 'the worker logged sending it');

    await sleep(QUIET_MS);
    assert.equal(receiver.requests.length, 1, 'exactly one delivery arrived, from one process');
    assert.equal((await deliveriesOf(api.client, ruleId)).length, 1);
  }, 60_000);

  test('with no worker running, testNotificationRule on the API process sends the test delivery itself', async () => {
    await stopWorker(worker!);
    const before = receiver.requests.length;
    const { testNotificationRule } = await api.client.data(
      `mutation($id: ID!) { testNotificationRule(id: $id) { id test status attemptCount responseStatus attempts { responseStatus } } }`,
      { id: ruleId },
    );
    assert.deepEqual(
      { ...testNotificationRule, id: undefined },
      { id: undefined, test: true, status: 'DELIVERED', attemptCount: 1, responseStatus: 200, attempts: [{ responseStatus: 200 }] },
    );
    assert.equal(receiver.requests.length, before + 1, 'sent before the mutation answered');
    const request = receiver.requests[before];
    assert.equal(verify(signingSecret, String(request.headers['ferry-signature']), request.body), true);
    assert.equal(JSON.parse(request.body).id, testNotificationRule.id);
  }, 30_000);

  test('the API process neither evaluates rules nor sends alert deliveries: a failed run waits for a worker, then is delivered once', async () => {
    const delivered = (await deliveriesOf(api.client, ruleId)).map((delivery) => delivery.id);

    // A worker that evaluates only as it starts: it executes the run, and nothing evaluates the run's end.
    const executing = await startWorker({ FERRY_ALERT_CHECK_SECONDS: '3600' });
    const run = await waitForRun(api.client, (await trigger(api.client, syncId)).id);
    assert.equal(run.status, 'FAILED', JSON.stringify(run));
    await stopWorker(executing);
    await sleep(QUIET_MS);
    const [{ alerts_checked: checked }] = await api.ferry.db.query('SELECT alerts_checked FROM sync_runs WHERE id = $1', [run.id]);
    assert.equal(checked, false, 'the API process did not look at the failed run');
    assert.deepEqual(
      (await deliveriesOf(api.client, ruleId)).map((delivery) => delivery.id),
      delivered,
      'no delivery for it while only the API process runs',
    );

    // A worker evaluates it; the receiver refuses; the worker stops with the delivery due again.
    receiver.answer.status = 503;
    receiver.answer.body = 'down';
    const refusing = receiver.requests.length;
    const evaluating = await startWorker();
    let [retrying] = await waitForDeliveries(api.client, ruleId, (list) => list[0]?.runId === run.id && list[0].attemptCount >= 1);
    await stopWorker(evaluating);
    [retrying] = await deliveriesOf(api.client, ruleId);
    assert.equal(retrying.status, 'RETRYING', JSON.stringify(retrying));
    const attempts = retrying.attemptCount;
    // Every request the worker sent (one it cut short as it stopped may not have got through).
    const refused = receiver.requests.length - refusing;
    assert.ok(refused >= 1 && refused <= attempts, `${refused} requests for ${attempts} attempts`);
    assert.equal(deliveredBy(evaluating).length, 0);

    receiver.answer.status = 200;
    receiver.answer.body = 'ok';
    // Until it is due (its wait doubles with each refusal), and as long again as an API process that sent would take.
    await sleep(Math.max(0, new Date(retrying.nextAttemptAt).getTime() - Date.now()) + QUIET_MS);
    const [waiting] = await deliveriesOf(api.client, ruleId);
    assert.ok(new Date(waiting.nextAttemptAt).getTime() < Date.now(), `the delivery is due (${waiting.nextAttemptAt})`);
    assert.equal(waiting.status, 'RETRYING', 'the API process did not send the due delivery');
    assert.equal(waiting.attemptCount, attempts);
    assert.equal(receiver.requests.length - refusing, refused, 'nothing reached the receiver');

    const resuming = await startWorker();
    const [done] = await waitForDeliveries(api.client, ruleId, (list) => list[0]?.status === 'DELIVERED');
    assert.equal(done.id, retrying.id);
    assert.equal(done.attemptCount, attempts + 1);
    const statuses = done.attempts.map((attempt: { responseStatus: number | null }) => attempt.responseStatus);
    assert.equal(statuses.at(-1), 200, JSON.stringify(statuses));
    // Before it: refusals, or an attempt the worker's stop cut short (no answer recorded).
    assert.ok(
      statuses.slice(0, -1).every((status: number | null) => status === 503 || status === null),
      JSON.stringify(statuses),
    );
    assert.deepEqual(deliveredBy(resuming), [done.id]);
    await sleep(QUIET_MS);
    const forRun = receiver.requests.slice(refusing).filter((request) => JSON.parse(request.body).run?.id === run.id);
    assert.equal(forRun.length, refused + 1, 'delivered once, after the refused attempts');
    assert.equal(
      (await deliveriesOf(api.client, ruleId)).filter((delivery) => delivery.runId === run.id && !delivery.test).length,
      1,
      'one delivery for the run',
    );
  }, 60_000);
});

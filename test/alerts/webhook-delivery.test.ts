import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, test } from '@jest/globals';
import { runToEnd, waitForRun } from '../helpers/sync-fixtures';
import {
  createPeopleSync,
  createRule,
  deliveriesOf,
  peopleTable,
  readmeVerifier,
  ruleFields,
  startAlertFixture,
  waitForDeliveries,
  type AlertFixture,
} from './alert-fixture';
import { startWebhookReceiver, type WebhookReceiver } from './webhook-receiver';

describe('alerts as signed webhooks', () => {
  let fixture: AlertFixture;
  let receiver: WebhookReceiver;
  let failing: WebhookReceiver;
  let failingSyncId: string;
  const verify = readmeVerifier();

  beforeAll(async () => {
    fixture = await startAlertFixture();
    receiver = await startWebhookReceiver();
    failing = await startWebhookReceiver();
    peopleTable(fixture.warehouse, 'people', ['ada@example.com', 'grace@example.com']);
    failingSyncId = await createPeopleSync(fixture, 'Broken people', 'FAIL ON READ people');
  }, 60_000);

  afterAll(async () => {
    await fixture?.ferry.stop();
    await receiver?.close();
    await failing?.close();
  });

  test('a FAILED run: a delivery signed with the rule secret reaches the receiver on 127.0.0.1, and the README snippet verifies it', async () => {
    const { client } = fixture.ferry;
    const {
      id: ruleId,
      signingSecret,
      rule,
    } = await createRule(client, {
      name: 'Broken people failed',
      syncId: failingSyncId,
      condition: 'RUN_FAILED',
      url: `${receiver.url}?token=abc`,
    });
    assert.match(signingSecret, /^whsec_[A-Za-z0-9_-]{43}$/);
    assert.equal(rule.url, `${new URL(receiver.url).origin}/…`, 'neither the path nor the query (either may be the credential) is shown');
    const run = await runToEnd(client, failingSyncId);
    assert.equal(run.status, 'FAILED');

    const [request] = await receiver.waitFor(1);
    assert.equal(request.method, 'POST');
    assert.equal(request.path, '/ferry-alerts?token=abc');
    assert.equal(request.headers['content-type'], 'application/json');
    assert.equal(request.headers['ferry-event'], 'run.failed');
    assert.equal(request.headers['ferry-attempt'], '1');
    const payload = JSON.parse(request.body);
    assert.equal(request.headers['ferry-delivery-id'], payload.id);
    assert.equal(payload.event, 'run.failed');
    assert.equal(payload.test, false);
    assert.deepEqual(payload.rule, { id: ruleId, name: 'Broken people failed', condition: 'RUN_FAILED', rejectedRowsPercent: null, duration: null });
    assert.equal(payload.sync.id, failingSyncId);
    assert.equal(payload.sync.name, 'Broken people');
    assert.equal(payload.run.id, run.id);
    assert.equal(payload.run.status, 'FAILED');
    assert.equal(payload.run.error, run.error);
    assert.match(payload.run.error, /division by zero/);
    assert.equal(payload.run.rowsRead, run.rowsRead);
    assert.equal(payload.run.finishedAt, run.finishedAt);
    assert.match(payload.message, /^Sync "Broken people": a run failed: .*division by zero/);

    const header = String(request.headers['ferry-signature']);
    assert.match(header, /^t=\d{10},v1=[0-9a-f]{64}$/);
    assert.ok(Math.abs(Number(/t=(\d+)/.exec(header)![1]) - request.at / 1000) < 5, 'the timestamp is the time of sending');
    assert.equal(verify(signingSecret, header, request.body), true, 'the README snippet verifies the delivery');
    assert.equal(verify(signingSecret, header, Buffer.from(request.body)), true, 'and the raw Buffer an Express receiver gets');
    assert.equal(verify(signingSecret, header, request.body.replace('FAILED', 'SUCCEEDED')), false, 'a changed body does not verify');
    assert.equal(verify(`${signingSecret}x`, header, request.body), false, 'another secret does not verify');
    const old = header.replace(/t=(\d+)/, (_, t) => `t=${Number(t) - 600}`);
    assert.equal(verify(signingSecret, old, request.body), false, 'a timestamp outside the tolerance does not verify');

    const [delivery] = await waitForDeliveries(client, ruleId, (list) => list[0]?.status === 'DELIVERED');
    assert.equal(delivery.id, payload.id);
    assert.equal(delivery.runId, run.id);
    assert.equal(delivery.syncId, failingSyncId);
    assert.equal(delivery.attemptCount, 1);
    assert.equal(delivery.responseStatus, 200);
    assert.equal(delivery.responseBody, 'ok');
    assert.equal(delivery.error, null);
    assert.equal(delivery.nextAttemptAt, null);
    assert.deepEqual(delivery.payload, payload, 'the API shows the body as sent');
    assert.equal(delivery.attempts.length, 1);

    // The secret is sealed: neither it nor the URL's token is readable in the database.
    const [stored] = await fixture.ferry.ferry.db.query('SELECT * FROM notification_rules WHERE id = $1', [ruleId]);
    assert.ok(!JSON.stringify(stored).includes(signingSecret.slice(6)), 'the secret is not stored in clear');
    assert.ok(!JSON.stringify(stored).includes('token=abc'), 'the URL is not stored in clear');
    // Nor can it be read through the API.
    const { notificationRule } = await client.data(`query($id: ID!) { notificationRule(id: $id) { ${ruleFields} } }`, { id: ruleId });
    assert.ok(!JSON.stringify(notificationRule).includes(signingSecret));
    await client.data(`mutation($id: ID!) { updateNotificationRule(id: $id, input: { enabled: false }) { id } }`, { id: ruleId });
  }, 60_000);

  test('a receiver that answers 500 gets the same delivery again at growing intervals until the retry period ends; the run is unaffected', async () => {
    const { client } = fixture.ferry;
    failing.answer.status = 500;
    failing.answer.body = `<html>${'x'.repeat(5000)}</html>`;
    const { id: ruleId, signingSecret } = await createRule(client, {
      name: 'To a broken receiver',
      syncId: failingSyncId,
      condition: 'RUN_FAILED',
      url: failing.url,
    });
    const run = await runToEnd(client, failingSyncId);
    assert.equal(run.status, 'FAILED');
    assert.match(run.error!, /division by zero/, "the run's own failure, nothing of the alert");

    // Retries last 5.4 s here (FERRY_ALERT_RETRY_FOR_HOURS=0.0015), starting 0.3 s apart and doubling.
    const [delivery] = await waitForDeliveries(client, ruleId, (list) => list[0]?.status === 'FAILED', 30_000);
    const attempts = delivery.attempts;
    assert.ok(attempts.length >= 4, `retried: ${attempts.length} attempts`);
    assert.equal(delivery.attemptCount, attempts.length);
    assert.equal(failing.requests.length, attempts.length, 'every attempt reached the receiver');
    for (const attempt of attempts) {
      assert.equal(attempt.responseStatus, 500);
      assert.equal(attempt.error, 'the receiver answered 500');
      assert.ok(attempt.responseBody.length <= 1001 && attempt.responseBody.startsWith('<html>xxx'), 'a capped excerpt of the answer');
    }
    const times = failing.requests.map((request) => request.at);
    const gaps = times.slice(1).map((time, i) => time - times[i]);
    for (let i = 1; i < gaps.length; i += 1) assert.ok(gaps[i] > gaps[i - 1], `intervals grow: ${gaps.join(', ')} ms`);
    assert.ok(gaps[0] >= 200 && gaps[0] < 1_500, `first retry after about 0.3 s: ${gaps[0]} ms`);
    const first = Date.parse(attempts[0].attemptedAt);
    assert.ok(Date.parse(attempts.at(-1).attemptedAt) - first <= 5_400 + 500, 'no attempt after the retry period');
    assert.equal(delivery.nextAttemptAt, null);

    // Every attempt: the same body and delivery id, its own number, a fresh valid signature.
    const ids = new Set(failing.requests.map((request) => request.headers['ferry-delivery-id']));
    assert.deepEqual([...ids], [delivery.id]);
    assert.equal(new Set(failing.requests.map((request) => request.body)).size, 1);
    assert.deepEqual(
      failing.requests.map((request) => request.headers['ferry-attempt']),
      failing.requests.map((_, i) => String(i + 1)),
    );
    for (const request of failing.requests) assert.equal(verify(signingSecret, String(request.headers['ferry-signature']), request.body), true);

    // The run had finished before the first attempt, and its record did not change while the receiver failed.
    assert.ok(Date.parse(run.finishedAt!) <= first, 'the alert was sent after the run had ended');
    const after = await waitForRun(client, run.id);
    assert.deepEqual(after, run, 'status, error, counters and times are as they were when the run ended');
    // Runs while deliveries are being retried take no longer than before.
    failing.requests.length = 0;
    const again = await runToEnd(client, failingSyncId);
    assert.equal(again.status, 'FAILED');
    assert.ok(
      Date.parse(again.finishedAt!) - Date.parse(again.startedAt!) < Math.max(2_000, 4 * (Date.parse(run.finishedAt!) - Date.parse(run.startedAt!))),
    );
    await client.data(`mutation($id: ID!) { deleteNotificationRule(id: $id) }`, { id: ruleId });
  }, 90_000);

  test("a receiver that never answers holds up neither another rule's delivery nor the run", async () => {
    const { client } = fixture.ferry;
    const silentSince: number[] = [];
    const hanging = createServer(() => silentSince.push(Date.now())); // takes the request, never answers
    await new Promise<void>((resolve) => hanging.listen(0, '127.0.0.1', resolve));
    try {
      const hangingUrl = `http://127.0.0.1:${(hanging.address() as AddressInfo).port}/hook`;
      const stuckSync = await createPeopleSync(fixture, 'Broken again', 'FAIL ON READ people');
      const otherSync = await createPeopleSync(fixture, 'Broken too', 'FAIL ON READ people');
      const stuck = await createRule(client, { name: 'Stuck', syncId: stuckSync, condition: 'RUN_FAILED', url: hangingUrl });
      const fine = await createRule(client, { name: 'Fine', syncId: otherSync, condition: 'RUN_FAILED', url: receiver.url });
      const stuckRun = await runToEnd(client, stuckSync);
      while (silentSince.length === 0) await new Promise((resolve) => setTimeout(resolve, 20));
      // While that attempt waits for an answer (FERRY_ALERT_TIMEOUT_SECONDS is 3 s here), another sync fails.
      const before = receiver.requests.length;
      const run = await runToEnd(client, otherSync);
      assert.equal(run.status, 'FAILED');
      await receiver.waitFor(before + 1);
      const arrived = receiver.requests[before];
      assert.equal(JSON.parse(arrived.body).rule.id, fine.id);
      assert.ok(arrived.at - silentSince[0] < 2_500, `delivered ${arrived.at - silentSince[0]} ms after the silent receiver got its request`);
      assert.equal((await deliveriesOf(client, stuck.id))[0].attemptCount, 1, 'the silent one was still waiting');
      const [timedOut] = await waitForDeliveries(client, stuck.id, (list) => list[0]?.error !== null, 15_000);
      assert.equal(timedOut.status, 'RETRYING');
      assert.equal(timedOut.error, 'no answer within 3 s (FERRY_ALERT_TIMEOUT_SECONDS)');
      assert.equal(timedOut.responseStatus, null);
      assert.ok(timedOut.attempts[0].durationMs >= 2_900);
      assert.deepEqual(await waitForRun(client, stuckRun.id), stuckRun, 'the run is as it ended');
      await client.data(`mutation($id: ID!) { deleteNotificationRule(id: $id) }`, { id: stuck.id });
    } finally {
      hanging.closeAllConnections();
      await new Promise<void>((resolve) => hanging.close(() => resolve()));
    }
  }, 60_000);

  test('testNotificationRule sends one signed test delivery now and answers with the response; Slack rules get Slack JSON', async () => {
    const { client } = fixture.ferry;
    receiver.requests.length = 0;
    const okSyncId = await createPeopleSync(fixture, 'People', 'SELECT * FROM people');
    const ran = await runToEnd(client, okSyncId);
    const { id: ruleId, signingSecret } = await createRule(client, {
      name: 'Slow people',
      syncId: okSyncId,
      condition: 'RUN_LONGER_THAN',
      duration: '2 hours',
      url: receiver.url,
    });
    const { testNotificationRule } = await client.data(
      `mutation($id: ID!) { testNotificationRule(id: $id) { id ruleId event test status attemptCount responseStatus responseBody payload } }`,
      { id: ruleId },
    );
    assert.equal(testNotificationRule.status, 'DELIVERED');
    assert.equal(testNotificationRule.test, true);
    assert.equal(testNotificationRule.event, 'run.longer_than');
    assert.equal(testNotificationRule.responseStatus, 200);
    assert.equal(receiver.requests.length, 1, 'sent once, before the mutation answered');
    const [request] = receiver.requests;
    assert.equal(verify(signingSecret, String(request.headers['ferry-signature']), request.body), true);
    const payload = JSON.parse(request.body);
    assert.equal(payload.test, true);
    assert.equal(payload.id, testNotificationRule.id);
    assert.equal(payload.sync.id, okSyncId);
    assert.equal(payload.run.id, ran.id, "the sync's latest run");
    assert.match(payload.message, /^Test of notification rule "Slow people"/);

    // A receiver that refuses: the test is FAILED with the answer, and not tried again.
    receiver.answer.status = 404;
    receiver.answer.body = 'no such hook';
    const { testNotificationRule: refused } = await client.data(
      `mutation($id: ID!) { testNotificationRule(id: $id) { status attemptCount responseStatus responseBody error nextAttemptAt } }`,
      { id: ruleId },
    );
    assert.deepEqual(refused, {
      status: 'FAILED',
      attemptCount: 1,
      responseStatus: 404,
      responseBody: 'no such hook',
      error: 'the receiver answered 404',
      nextAttemptAt: null,
    });
    receiver.answer.status = 200;
    receiver.answer.body = 'ok';

    // Rotating the secret: the next delivery verifies with the new one only.
    const { rotateNotificationRuleSecret } = await client.data(`mutation($id: ID!) { rotateNotificationRuleSecret(id: $id) { signingSecret } }`, {
      id: ruleId,
    });
    await client.data(`mutation($id: ID!) { testNotificationRule(id: $id) { id } }`, { id: ruleId });
    const rotated = receiver.requests.at(-1)!;
    assert.notEqual(rotateNotificationRuleSecret.signingSecret, signingSecret);
    assert.equal(verify(rotateNotificationRuleSecret.signingSecret, String(rotated.headers['ferry-signature']), rotated.body), true);
    assert.equal(verify(signingSecret, String(rotated.headers['ferry-signature']), rotated.body), false);

    const slack = await createRule(client, {
      name: 'Slack',
      syncId: okSyncId,
      condition: 'RUN_FAILED',
      format: 'SLACK',
      url: `${receiver.url}/T000/B000/XXXX`,
    });
    assert.equal(slack.rule.url, `${new URL(receiver.url).origin}/…`, "a Slack URL's path is not shown");
    await client.data(`mutation($id: ID!) { testNotificationRule(id: $id) { id } }`, { id: slack.id });
    const slackRequest = receiver.requests.at(-1)!;
    assert.equal(slackRequest.path, '/ferry-alerts/T000/B000/XXXX');
    const body = JSON.parse(slackRequest.body);
    assert.deepEqual(Object.keys(body).sort(), ['blocks', 'text']);
    assert.match(body.text, /^Ferry: Test: Run failed\. Test of notification rule "Slack"/);
    assert.deepEqual(
      body.blocks.map((block: { type: string }) => block.type),
      ['header', 'section', 'section', 'context'],
    );
    assert.equal(body.blocks[0].text.type, 'plain_text');
    assert.ok(body.blocks[0].text.text.length <= 150);
    assert.deepEqual(body.blocks[2].fields[0], { type: 'mrkdwn', text: '*Status*\nSUCCEEDED' });
    assert.match(body.blocks[3].elements[0].text, new RegExp(`run ${ran.id}`));

    const deliveries = await deliveriesOf(client, ruleId);
    assert.equal(deliveries.length, 3, 'each test is kept');
    assert.ok(deliveries.every((delivery) => delivery.test));
  }, 60_000);
});

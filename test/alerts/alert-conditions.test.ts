import assert from 'node:assert/strict';
import { afterAll, beforeAll, describe, test } from '@jest/globals';
import { runToEnd, trigger, waitForRun } from '../helpers/sync-fixtures';
import { createPeopleSync, createRule, deliveriesOf, peopleTable, startAlertFixture, waitForDeliveries, type AlertFixture } from './alert-fixture';
import { startWebhookReceiver, type WebhookReceiver } from './webhook-receiver';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('alert conditions: each fires when it should, once, and only for the syncs it watches', () => {
  let fixture: AlertFixture;
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    fixture = await startAlertFixture();
    receiver = await startWebhookReceiver();
  }, 60_000);

  afterAll(async () => {
    await fixture?.ferry.stop();
    await receiver?.close();
  });

  test('REJECTED_ROWS_ABOVE fires above its percentage only, with the counters', async () => {
    const { client } = fixture.ferry;
    // 10 rows, 2 without an email: 20 % rejected.
    peopleTable(fixture.warehouse, 'some_bad', [...Array.from({ length: 8 }, (_, i) => `p${i}@example.com`), null, null]);
    const syncId = await createPeopleSync(fixture, 'Some bad', 'SELECT * FROM some_bad');
    const above = await createRule(client, {
      name: 'Above 19.5%',
      syncId,
      condition: 'REJECTED_ROWS_ABOVE',
      rejectedRowsPercent: 19.5,
      url: receiver.url,
    });
    const exactly = await createRule(client, {
      name: 'Above 20%',
      syncId,
      condition: 'REJECTED_ROWS_ABOVE',
      rejectedRowsPercent: 20,
      url: receiver.url,
    });
    const run = await runToEnd(client, syncId);
    assert.equal(run.status, 'PARTIAL');
    assert.equal(run.rowsRead, 10);
    assert.equal(run.rowsRejected, 2);
    const [fired] = await waitForDeliveries(client, above.id, (list) => list[0]?.status === 'DELIVERED');
    assert.equal(fired.event, 'run.rejected_rows_above');
    assert.equal(fired.payload.run.rejectedPercent, 20);
    assert.equal(fired.payload.run.rowsRejected, 2);
    assert.equal(fired.payload.message, 'Sync "Some bad": a run rejected 2 of the 10 rows it read (20%), above the rule\'s 19.5%');
    // Both rules were looked at in the same pass as the run: the other had nothing to say (20 % is not above 20 %).
    assert.deepEqual(await deliveriesOf(client, exactly.id), []);
  });

  test('a per-sync rule does not fire for another sync; a global rule fires for any', async () => {
    const { client } = fixture.ferry;
    peopleTable(fixture.warehouse, 'people', ['ada@example.com']);
    const broken = await createPeopleSync(fixture, 'Broken', 'FAIL ON READ people');
    const other = await createPeopleSync(fixture, 'Other', 'FAIL ON READ people');
    const global = await createRule(client, { name: 'Any failure', condition: 'RUN_FAILED', url: receiver.url });
    const otherOnly = await createRule(client, { name: 'Other failed', syncId: other, condition: 'RUN_FAILED', url: receiver.url });
    assert.equal(global.rule.syncId, null);
    const run = await runToEnd(client, broken);
    assert.equal(run.status, 'FAILED');
    const [fired] = await waitForDeliveries(client, global.id, (list) => list.length === 1 && list[0].status === 'DELIVERED');
    assert.equal(fired.runId, run.id);
    assert.equal(fired.payload.sync.name, 'Broken');
    assert.deepEqual(await deliveriesOf(client, otherOnly.id), [], "the other sync's rule stays quiet");
    const otherRun = await runToEnd(client, other);
    const [otherFired] = await waitForDeliveries(client, otherOnly.id, (list) => list.length === 1);
    assert.equal(otherFired.runId, otherRun.id);
    await waitForDeliveries(client, global.id, (list) => list.length === 2);
    const { notificationRules } = await client.data(`query($id: ID!) { notificationRules(syncId: $id) { id } }`, { id: broken });
    const ids = notificationRules.map((rule: { id: string }) => rule.id);
    assert.ok(ids.includes(global.id) && !ids.includes(otherOnly.id), 'notificationRules(syncId) lists the rules that watch that sync');
    await client.data(`mutation($id: ID!) { updateNotificationRule(id: $id, input: { enabled: false }) { enabled } }`, { id: global.id });
  });

  test('RUN_LONGER_THAN fires once while the run is still running, not again when it ends', async () => {
    const { client } = fixture.ferry;
    const syncId = await createPeopleSync(fixture, 'Slow', 'SLEEP 3', 'pause');
    const rule = await createRule(client, { name: 'Slow', syncId, condition: 'RUN_LONGER_THAN', duration: '1 second', url: receiver.url });
    const started = await trigger(client, syncId);
    const [fired] = await waitForDeliveries(client, rule.id, (list) => list.length === 1 && list[0].status === 'DELIVERED', 10_000);
    assert.equal(fired.runId, started.id);
    assert.equal(fired.event, 'run.longer_than');
    assert.equal(fired.payload.run.status, 'RUNNING', 'alerted while it ran');
    assert.ok(fired.payload.run.durationSeconds > 1);
    assert.match(fired.payload.message, /^Sync "Slow": a run has been running for \d+ s, longer than the rule's 1 second$/);
    const ended = await waitForRun(client, started.id);
    assert.ok(Date.parse(ended.finishedAt!) - Date.parse(ended.startedAt!) >= 3_000);
    await sleep(1_000); // several more looks at the rules
    assert.equal((await deliveriesOf(client, rule.id)).length, 1, 'once per run');
  }, 30_000);

  test('NO_SUCCESS_FOR fires once per stretch without success, and again only after a success', async () => {
    const { client } = fixture.ferry;
    peopleTable(fixture.warehouse, 'fine', ['ok@example.com']);
    const syncId = await createPeopleSync(fixture, 'Quiet', 'SELECT * FROM fine');
    const rule = await createRule(client, { name: 'Quiet', syncId, condition: 'NO_SUCCESS_FOR', duration: '2 seconds', url: receiver.url });
    const [first] = await waitForDeliveries(client, rule.id, (list) => list.length === 1, 10_000);
    assert.equal(first.event, 'sync.no_success_for');
    assert.equal(first.payload.lastSuccessAt, null);
    assert.equal(first.payload.run, null, 'the sync never ran');
    assert.match(first.payload.message, /^Sync "Quiet" has not succeeded for more than 2 seconds \(no run of it has succeeded yet\)$/);
    await sleep(1_500);
    assert.equal((await deliveriesOf(client, rule.id)).length, 1, 'once, not at every look');
    const success = await runToEnd(client, syncId);
    assert.equal(success.status, 'SUCCEEDED');
    const deliveries = await waitForDeliveries(client, rule.id, (list) => list.length === 2, 10_000);
    assert.ok(Date.parse(deliveries[0].createdAt) - Date.parse(success.finishedAt!) >= 2_000, 'counted from the last success');
    assert.equal(deliveries[0].payload.lastSuccessAt, success.finishedAt);
    assert.equal(deliveries[0].payload.run.id, success.id);
    await client.data(`mutation($id: ID!) { updateSync(id: $id, input: { paused: true }) { paused } }`, { id: syncId });
  }, 30_000);

  test('bad input is refused with the field and the fix, before anything is stored', async () => {
    const { client } = fixture.ferry;
    const create = (input: Record<string, unknown>) =>
      client.error(`mutation($i: NotificationRuleInput!) { createNotificationRule(input: $i) { signingSecret } }`, {
        i: { name: 'Bad', condition: 'RUN_FAILED', url: 'https://alerts.example.com/ferry', ...input },
      });
    const cases: Array<[Record<string, unknown>, string, RegExp]> = [
      [{ url: 'ftp://alerts.example.com/x' }, 'input.url', /must start with https:\/\//],
      [{ url: 'http://alerts.example.com/x' }, 'input.url', /plain http is allowed only for 127\.0\.0\.1/],
      [{ url: 'not a url' }, 'input.url', /is not a URL/],
      [{ url: 'https://user:pw@alerts.example.com/x' }, 'input.url', /must not carry a user name or password/],
      [{ url: 'https://169.254.169.254/latest' }, 'input.url', /link-local or cloud metadata/],
      [{ url: 'https://10.1.2.3/hook' }, 'input.url', /FERRY_ALLOW_PRIVATE_DESTINATIONS/],
      [{ url: 'https://metadata.google.internal/' }, 'input.url', /cloud metadata/],
      [{ condition: 'REJECTED_ROWS_ABOVE', rejectedRowsPercent: 150 }, 'input.rejectedRowsPercent', /at least 0 and below 100 \(got 150\)/],
      [{ condition: 'REJECTED_ROWS_ABOVE', rejectedRowsPercent: -1 }, 'input.rejectedRowsPercent', /at least 0 and below 100/],
      [{ condition: 'REJECTED_ROWS_ABOVE' }, 'input.rejectedRowsPercent', /is required for REJECTED_ROWS_ABOVE/],
      [{ rejectedRowsPercent: 5 }, 'input.rejectedRowsPercent', /only REJECTED_ROWS_ABOVE takes a percentage/],
      [{ condition: 'RUN_LONGER_THAN' }, 'input.duration', /is required for RUN_LONGER_THAN/],
      [{ condition: 'NO_SUCCESS_FOR', duration: 'soon' }, 'input.duration', /"soon" is not a duration/],
      [{ condition: 'NO_SUCCESS_FOR', duration: '400 days' }, 'input.duration', /longer than the maximum of 366 days/],
      [{ syncId: '00000000-0000-4000-8000-000000000000' }, 'input.syncId', /sync "00000000-0000-4000-8000-000000000000" does not exist/],
      [{ name: '  ' }, 'input.name', /must not be empty/],
    ];
    for (const [input, field, message] of cases) {
      const error = await create(input);
      assert.equal(error.code, 'BAD_USER_INPUT', JSON.stringify(input));
      assert.equal(error.extensions.field, field, JSON.stringify(input));
      assert.match(error.message, message);
      assert.ok(error.message.startsWith(`${field}: `), error.message);
    }
    const several = await create({ url: 'http://example.com', condition: 'REJECTED_ROWS_ABOVE', rejectedRowsPercent: 100 });
    assert.deepEqual(
      several.extensions.problems.map((problem: { path: string }) => problem.path),
      ['input.rejectedRowsPercent', 'input.url'],
      'every problem at once',
    );
    const [{ count }] = await fixture.ferry.ferry.db.query(`SELECT count(*)::int AS count FROM notification_rules WHERE name = 'Bad'`);
    assert.equal(count, 0);

    const missing = '00000000-0000-4000-8000-000000000000';
    for (const operation of [
      `mutation { testNotificationRule(id: "${missing}") { id } }`,
      `mutation { updateNotificationRule(id: "${missing}", input: { enabled: false }) { id } }`,
      `mutation { deleteNotificationRule(id: "${missing}") }`,
      `query { notificationDeliveries(ruleId: "${missing}") { totalCount } }`,
    ]) {
      const error = await client.error(operation);
      assert.equal(error.code, 'NOT_FOUND', operation);
      assert.match(error.message, /Notification rule "0{8}-0000-4000-8000-0{12}" not found/);
    }

    const unknownSync = await client.error(`query { notificationRules(syncId: "nope") { id } }`);
    assert.equal(unknownSync.code, 'NOT_FOUND');
    assert.match(unknownSync.message, /^Sync "nope" not found/);

    // An update that changes the condition needs the new threshold, and drops the old one.
    const rule = await createRule(client, { name: 'Changing', condition: 'REJECTED_ROWS_ABOVE', rejectedRowsPercent: 5, url: receiver.url });
    const needsDuration = await client.error(`mutation($id: ID!) { updateNotificationRule(id: $id, input: { condition: NO_SUCCESS_FOR }) { id } }`, {
      id: rule.id,
    });
    assert.equal(needsDuration.extensions.field, 'input.duration');
    const { updateNotificationRule } = await client.data(
      `mutation($id: ID!) { updateNotificationRule(id: $id, input: { condition: NO_SUCCESS_FOR, duration: "3 days", enabled: false }) { condition duration rejectedRowsPercent enabled } }`,
      { id: rule.id },
    );
    assert.deepEqual(updateNotificationRule, { condition: 'NO_SUCCESS_FOR', duration: '3 days', rejectedRowsPercent: null, enabled: false });
  });
});

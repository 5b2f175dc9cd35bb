import assert from 'node:assert/strict';
import { test } from '@jest/globals';
import { formatDuration, type AlertFacts } from '../../src/alerts/alert-facts';
import { slackPayload } from '../../src/alerts/slack-payload';
import { webhookPayload } from '../../src/alerts/webhook-payload';
import { checkWebhookUrl, shownUrl } from '../../src/alerts/webhook-url';
import { NotificationCondition } from '../../src/entities';
import { BadUserInputError } from '../../src/errors';

const facts = (overrides: Partial<AlertFacts> = {}): AlertFacts => ({
  deliveryId: 'd-1',
  event: 'run.failed',
  test: false,
  createdAt: new Date('2026-12-06T10:00:00Z'),
  message: 'Sync "A & <B>": a run failed: <!channel> boom',
  rule: { id: 'r-1', name: 'Rule <1>', condition: NotificationCondition.RUN_FAILED, rejectedRowsPercent: null, duration: null },
  sync: { id: 's-1', name: 'A & <B>', object: 'contact', modelId: 'm-1', destinationId: 'x-1' },
  run: {
    id: 'run-1',
    status: 'FAILED',
    trigger: 'MANUAL',
    fullResync: false,
    queuedAt: '2026-12-06T09:59:00.000Z',
    startedAt: '2026-12-06T09:59:01.000Z',
    finishedAt: '2026-12-06T09:59:31.000Z',
    durationSeconds: 30,
    error: 'boom',
    rowsRead: 10,
    rowsChanged: 3,
    rowsUnchanged: 7,
    rowsCreated: 1,
    rowsUpdated: 1,
    rowsRejected: 1,
    rejectedPercent: 10,
  },
  ...overrides,
});

test('Slack: mrkdwn escaped (no mention or link can be injected through a name or an error), limits kept', () => {
  const body = slackPayload(facts());
  const text = JSON.stringify(body);
  assert.ok(!text.includes('<!channel>') && !text.includes('<B>'), text);
  assert.match((body.blocks as any[])[1].text.text, /^Sync "A &amp; &lt;B&gt;": a run failed: &lt;!channel&gt; boom$/);
  assert.deepEqual(
    (body.blocks as any[])[2].fields.map((field: { text: string }) => field.text),
    [
      '*Status*\nFAILED',
      '*Rows read*\n10',
      '*Created / updated*\n1 / 1',
      '*Rejected*\n1 (10%)',
      '*Duration*\n30 s',
      '*Started*\n2026-12-06T09:59:01.000Z',
    ],
  );
  const long = slackPayload(facts({ message: 'x'.repeat(10_000), run: null }));
  assert.equal((long.text as string).length, 3000);
  assert.equal((long.blocks as any[])[1].text.text.length, 3000);
  assert.deepEqual(
    (long.blocks as any[]).map((block) => block.type),
    ['header', 'section', 'context'],
    'no counters without a run',
  );
});

test('webhook: lastSuccessAt only on sync.no_success_for, everything else always there', () => {
  const failed = webhookPayload(facts());
  assert.deepEqual(Object.keys(failed), ['id', 'event', 'test', 'createdAt', 'message', 'rule', 'sync', 'run']);
  assert.equal(failed.createdAt, '2026-12-06T10:00:00.000Z');
  const quiet = webhookPayload(facts({ event: 'sync.no_success_for', lastSuccessAt: null, run: null }));
  assert.equal(quiet.lastSuccessAt, null);
  assert.ok('lastSuccessAt' in quiet);
});

test('URLs: what is refused, and what the API shows', () => {
  const refused = (url: string) => {
    try {
      checkWebhookUrl(url);
    } catch (error) {
      assert.ok(error instanceof BadUserInputError);
      return error.message;
    }
    return null;
  };
  assert.match(refused('https://[fe80::1]/hook')!, /link-local/);
  assert.match(refused('https://[::ffff:169.254.169.254]/hook')!, /link-local/);
  assert.match(refused('https://192.168.1.10/hook')!, /private address/);
  assert.match(refused(`https://example.com/${'a'.repeat(2100)}`)!, /at most 2048 characters/);
  assert.equal(refused('http://localhost:8080/hook'), null, 'loopback over plain http is allowed');
  assert.equal(refused('https://hooks.slack.com/services/T0/B0/xyz'), null);
  const slack = new URL('https://hooks.slack.com/services/T0/B0/xyz');
  assert.equal(shownUrl(slack), 'https://hooks.slack.com/…');
  // A webhook's path is often its credential (Discord's /api/webhooks/<id>/<token>, Teams', Zapier's): never shown.
  const discord = new URL('https://discord.com/api/webhooks/1234567890/Zk3Pq9-secret-token_value');
  assert.equal(shownUrl(discord), 'https://discord.com/…');
  assert.equal(shownUrl(new URL('https://a.example.com/in/ferry?key=s3cret&x=1')), 'https://a.example.com/…');
  assert.equal(shownUrl(new URL('https://a.example.com/?key=s3cret')), 'https://a.example.com/…');
  assert.equal(shownUrl(new URL('https://a.example.com/')), 'https://a.example.com/');
  assert.equal(shownUrl(new URL('http://127.0.0.1:8080/hook')), 'http://127.0.0.1:8080/…');
});

test('durations for people', () => {
  assert.deepEqual([0, 45, 60, 754, 3600, 7500, 86_400, 90_000].map(formatDuration), [
    '0 s',
    '45 s',
    '1 min',
    '12 min',
    '1 h',
    '2 h 5 min',
    '1 d',
    '1 d 1 h',
  ]);
});

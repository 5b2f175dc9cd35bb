import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, test } from '@jest/globals';
import { Client } from 'pg';
import { parseDocument } from 'yaml';
import { exportConfigFile } from '../../src/cli/export-config';
import { startFakeActiveCampaign, type FakeActiveCampaign } from '../fakes/activecampaign';
import { postgresSourceConfig, startTestFerry, type TestFerry } from '../helpers/ferry-server';
import { enginePlugins, startWarehouse, type Warehouse } from '../helpers/sync-fixtures';
import { signatureOf, SIGNATURE_HEADER } from '../../src/alerts/signature';
import { startWebhookReceiver, type WebhookReceiver } from '../alerts/webhook-receiver';
import { applyFile, createCustomers, pointAtTestServices, readmeConfigExample, registry } from './config-code-fixture';

const slackUrl = 'https://hooks.slack.com/services/T000/B000/first-token';
const otherSlackUrl = 'https://hooks.slack.com/services/T000/B000/second-token';

interface Rule {
  id: string;
  name: string;
  sync: { name: string } | null;
  condition: string;
  rejectedRowsPercent: number | null;
  duration: string | null;
  format: string;
  url: string;
  enabled: boolean;
}

describe('configuration as code: notification rules', () => {
  let ferry: TestFerry;
  let fake: FakeActiveCampaign;
  let warehouse: Warehouse;
  let ferryDb: Client;
  let dir: string;
  let env: NodeJS.ProcessEnv;
  let readme: string;
  let receiver: WebhookReceiver;

  /** The README's example against this test's warehouse and fake ActiveCampaign, with three rules. */
  const file = (edit: (doc: ReturnType<typeof parseDocument>) => void = () => undefined, name = 'ferry.yaml') => {
    const doc = parseDocument(readme);
    pointAtTestServices(doc, warehouse, fake.url);
    doc.set(
      'notificationRules',
      doc.createNode({
        failures: { sync: 'customers-to-contacts', condition: 'RUN_FAILED', url: '${ALERT_URL}', format: 'SLACK' },
        'pro-failures': { sync: 'pro-first-names', condition: 'RUN_FAILED', url: receiver.url },
        stale: { condition: 'NO_SUCCESS_FOR', duration: '1 day', url: 'http://127.0.0.1:9/stale?key=abc' },
      }),
    );
    edit(doc);
    const path = join(dir, name);
    writeFileSync(path, doc.toString());
    return path;
  };
  const apply = (path: string, options: { dryRun?: boolean; prune?: boolean } = {}, environment = env) => applyFile(path, options, environment);
  const rules = async (): Promise<Rule[]> =>
    (await ferry.client.data('{ notificationRules { id name sync { name } condition rejectedRowsPercent duration format url enabled } }'))
      .notificationRules;
  const ruleRows = async () => (await ferryDb.query('SELECT name, updated_at, encrypted_secrets FROM notification_rules ORDER BY name')).rows;
  const urlChanged = async (id: string, url: string): Promise<boolean> =>
    (await ferry.client.data(`query ($id: ID!, $url: String!) { notificationRule(id: $id) { urlChanged(url: $url) } }`, { id, url })).notificationRule
      .urlChanged;

  beforeAll(async () => {
    readme = readmeConfigExample();
    fake = await startFakeActiveCampaign({ requestsPerSecond: false, apiKeys: ['first-key-0123456789'] });
    warehouse = await startWarehouse();
    receiver = await startWebhookReceiver();
    await createCustomers(warehouse);
    ferry = await startTestFerry({}, enginePlugins);
    ferryDb = new Client({ connectionString: ferry.databaseUrl });
    await ferryDb.connect();
    dir = mkdtempSync(join(tmpdir(), 'ferry-rules-'));
    env = {
      FERRY_URL: ferry.url,
      FERRY_TOKEN: ferry.token,
      WAREHOUSE_PASSWORD: String(postgresSourceConfig(warehouse.url).password),
      ACTIVECAMPAIGN_API_KEY: fake.apiKeys[0],
      ALERT_URL: slackUrl,
    };
  });
  afterAll(async () => {
    await ferryDb?.end();
    await ferry?.stop();
    await warehouse?.close();
    await fake?.close();
    await receiver?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test("apply creates the rules after the syncs they watch, and prints each new rule's signing secret once", async () => {
    const output = await apply(file());
    assert.match(output, /9 to create, 0 to update, 0 to delete, 0 unchanged\.[\s\S]*Applied\./);
    const lastSync = output.lastIndexOf('created sync ');
    for (const name of ['failures', 'pro-failures', 'stale']) assert.ok(output.indexOf(`created notificationRule "${name}"`) > lastSync, output);
    const secrets = [...output.matchAll(/^ {4}signing secret of notification rule "([^"]+)" \(shown this once[^)]*\): (whsec_\S+)$/gm)];
    assert.deepEqual(
      secrets.map((m) => m[1]),
      ['failures', 'pro-failures', 'stale'],
      output,
    );
    assert.equal(new Set(secrets.map((m) => m[2])).size, 3, 'each rule has its own secret');
    assert.ok(!output.includes('first-token'), 'the URL itself is never printed');
    const proId = (await rules()).find((r) => r.name === 'pro-failures')!.id;
    await ferry.client.data(`mutation ($id: ID!) { testNotificationRule(id: $id) { id } }`, { id: proId });
    const [delivery] = await receiver.waitFor(1);
    const [, timestamp, signature] = /^t=(\d+),v1=([0-9a-f]+)$/.exec(String(delivery.headers[SIGNATURE_HEADER]))!;
    assert.equal(signatureOf(secrets[1][2], Number(timestamp), delivery.body), signature, 'the printed secret is the one Ferry signs with');

    const stored = await rules();
    const failures = stored.find((r) => r.name === 'failures')!;
    assert.deepEqual(
      { ...failures, id: undefined },
      {
        id: undefined,
        name: 'failures',
        sync: { name: 'customers-to-contacts' },
        condition: 'RUN_FAILED',
        rejectedRowsPercent: null,
        duration: null,
        format: 'SLACK',
        url: 'https://hooks.slack.com/…',
        enabled: true,
      },
    );
    assert.equal(await urlChanged(failures.id, slackUrl), false, 'the URL the variable held is the one sealed');
    const stale = stored.find((r) => r.name === 'stale')!;
    assert.equal(stale.sync, null, 'no sync: a global rule');
    assert.equal(stale.duration, '1 day');
  });

  test('apply again: every rule unchanged, no row touched, no secret printed', async () => {
    const before = await ruleRows();
    const output = await apply(file());
    assert.match(output, /0 to create, 0 to update, 0 to delete, 9 unchanged\.\nNothing to change\./);
    assert.equal((output.match(/= unchanged notificationRule /g) ?? []).length, 3, output);
    assert.ok(!output.includes('signing secret'), output);
    assert.deepEqual(await ruleRows(), before);
  });

  test('a changed URL (the variable holds another), condition and sync are planned field by field, the URL never shown, and applied', async () => {
    const changedEnv = { ...env, ALERT_URL: otherSlackUrl };
    const edited = file((doc) => {
      doc.deleteIn(['notificationRules', 'failures', 'sync']);
      doc.setIn(['notificationRules', 'stale', 'condition'], 'RUN_LONGER_THAN');
      doc.setIn(['notificationRules', 'stale', 'duration'], '2 hours');
      doc.setIn(['notificationRules', 'pro-failures', 'enabled'], false);
    });
    const before = await ruleRows();
    const plan = await apply(edited, { dryRun: true }, changedEnv);
    assert.ok(plan.includes('  ~ update notificationRule "failures": sync ("customers-to-contacts" → "every sync"), url (secret)'), plan);
    assert.ok(plan.includes('  ~ update notificationRule "pro-failures": enabled (true → false)'), plan);
    assert.ok(
      plan.includes('  ~ update notificationRule "stale": condition ("NO_SUCCESS_FOR" → "RUN_LONGER_THAN"), duration ("1 day" → "2 hours")'),
      plan,
    );
    assert.ok(!plan.includes('second-token') && !plan.includes('first-token'), plan);
    assert.deepEqual(await ruleRows(), before, 'a dry run changes nothing');

    const output = await apply(edited, {}, changedEnv);
    assert.match(output, /0 to create, 3 to update, 0 to delete, 6 unchanged\.[\s\S]*Applied\./);
    assert.ok(!output.includes('signing secret'), 'an update keeps the signing secret');
    const stored = await rules();
    const failures = stored.find((r) => r.name === 'failures')!;
    assert.equal(failures.sync, null);
    assert.equal(await urlChanged(failures.id, otherSlackUrl), false);
    assert.equal(await urlChanged(failures.id, slackUrl), true);
    const after = await ruleRows();
    assert.equal(
      after.find((r) => r.name === 'stale').encrypted_secrets,
      before.find((r) => r.name === 'stale').encrypted_secrets,
      'a rule whose URL did not change is not re-sealed',
    );
    const stale = stored.find((r) => r.name === 'stale')!;
    assert.deepEqual([stale.condition, stale.duration], ['RUN_LONGER_THAN', '2 hours']);
    assert.equal(stored.find((r) => r.name === 'pro-failures')!.enabled, false);
    assert.match(await apply(edited, { dryRun: true }, changedEnv), /0 to create, 0 to update, 0 to delete, 9 unchanged\./);
    env = changedEnv;
  });

  test('export writes the rules with ${FERRY_RULE_<NAME>_URL} references and no secret; apply --dry-run of it: all unchanged', async () => {
    let exported = '';
    await exportConfigFile(registry, undefined, env, (text) => (exported += text));
    assert.match(exported, /#   FERRY_RULE_FAILURES_URL {2}\(notification rule "failures", url: https:\/\/hooks\.slack\.com\/…\)/);
    assert.match(exported, /#   FERRY_RULE_PRO_FAILURES_URL {2}\(notification rule "pro-failures", url: http:\/\/127\.0\.0\.1:\d+\/…\)/);
    assert.match(exported, /\n {2}failures:\n {4}condition: RUN_FAILED\n {4}url: \$\{FERRY_RULE_FAILURES_URL\}\n {4}format: SLACK\n/);
    assert.match(
      exported,
      /\n {2}pro-failures:\n {4}sync: pro-first-names\n {4}condition: RUN_FAILED\n {4}url: \$\{FERRY_RULE_PRO_FAILURES_URL\}\n {4}enabled: false\n/,
    );
    assert.ok(!/whsec_|second-token|key=abc/.test(exported), 'no signing secret and no URL in the export');

    const path = join(dir, 'exported.yaml');
    writeFileSync(path, exported);
    const roundTrip = await apply(
      path,
      { dryRun: true },
      {
        FERRY_URL: ferry.url,
        FERRY_TOKEN: ferry.token,
        FERRY_SOURCE_WAREHOUSE_PASSWORD: env.WAREHOUSE_PASSWORD,
        FERRY_DESTINATION_ACTIVECAMPAIGN_API_KEY: env.ACTIVECAMPAIGN_API_KEY,
        FERRY_RULE_FAILURES_URL: otherSlackUrl,
        FERRY_RULE_PRO_FAILURES_URL: receiver.url,
        FERRY_RULE_STALE_URL: 'http://127.0.0.1:9/stale?key=abc',
      },
    );
    assert.match(roundTrip, /0 to create, 0 to update, 0 to delete, 9 unchanged\./, roundTrip);
  });

  test('--prune deletes a rule the file no longer names before the sync it watches', async () => {
    const pruned = file((doc) => {
      doc.deleteIn(['notificationRules', 'failures', 'sync']);
      doc.setIn(['notificationRules', 'stale', 'condition'], 'RUN_LONGER_THAN');
      doc.setIn(['notificationRules', 'stale', 'duration'], '2 hours');
      doc.deleteIn(['notificationRules', 'pro-failures']);
      doc.deleteIn(['syncs', 'pro-first-names']);
      doc.deleteIn(['models', 'pro-customers']);
    }, 'pruned.yaml');
    const plain = await apply(pruned, { dryRun: true });
    assert.match(
      plain,
      /left alone \(apply --prune would delete them\): notificationRule "pro-failures", sync "pro-first-names", model "pro-customers"\./,
    );
    const output = await apply(pruned, { prune: true });
    assert.deepEqual(
      output.split('\n').filter((l) => l.startsWith('  - delete')),
      ['  - delete notificationRule "pro-failures"', '  - delete sync "pro-first-names"', '  - delete model "pro-customers"'],
    );
    assert.match(output, /deleted notificationRule "pro-failures"[\s\S]*deleted sync "pro-first-names"/);
    assert.deepEqual((await rules()).map((r) => r.name).sort(), ['failures', 'stale']);
    assert.match(await apply(pruned, { dryRun: true, prune: true }), /0 to create, 0 to update, 0 to delete, 6 unchanged\./);
  });
});

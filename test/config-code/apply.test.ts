import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, test } from '@jest/globals';
import { Client } from 'pg';
import { parseDocument } from 'yaml';
import { exportConfigFile } from '../../src/cli/export-config';
import { ApplyStoppedError } from '../../src/config-code/apply-plan';
import { ConfigFileError } from '../../src/config-code/config-file-error';
import { startFakeActiveCampaign, type FakeActiveCampaign } from '../fakes/activecampaign';
import { spawnFerry } from '../helpers/ferry-process';
import { postgresSourceConfig, startTestFerry, type TestFerry } from '../helpers/ferry-server';
import { enginePlugins, startWarehouse, type Warehouse } from '../helpers/sync-fixtures';
import { applyFile, createCustomers, pointAtTestServices, readmeConfigExample, registry } from './config-code-fixture';

const stateQuery = `{
  sources { id name type config storedSecrets updatedAt }
  destinations { id name type config storedSecrets updatedAt }
  models { id name description sql table source { name } updatedAt }
  syncs { id name object behavior paused syncKey { column field } mappings { from constant to } schedule { kind every cron timezone afterSyncId } changeGuard { maxRecords maxPercent } model { name } destination { name } updatedAt }
}`;

describe('configuration as code: apply and export through the API', () => {
  let ferry: TestFerry;
  let fake: FakeActiveCampaign;
  let warehouse: Warehouse;
  let ferryDb: Client;
  let dir: string;
  let env: NodeJS.ProcessEnv;
  let readme: string;

  /** The README's example pointed at this test's warehouse and fake ActiveCampaign, nothing else changed. */
  const example = (edit: (doc: ReturnType<typeof parseDocument>) => void = () => undefined) => {
    const doc = parseDocument(readme);
    pointAtTestServices(doc, warehouse, fake.url);
    edit(doc);
    return doc.toString();
  };
  const fileWith = (text: string, name = 'ferry.yaml') => {
    const file = join(dir, name);
    writeFileSync(file, text);
    return file;
  };
  const apply = (file: string, options: { dryRun?: boolean; prune?: boolean; skipTests?: boolean } = {}, environment = env) =>
    applyFile(file, options, environment);
  const state = () => ferry.client.data(stateQuery);
  /** Every row apply could touch, with when it last changed, straight from Ferry's database. */
  const rows = async () =>
    (
      await ferryDb.query(
        `SELECT 'source' AS kind, name, updated_at FROM sources UNION ALL SELECT 'destination', name, updated_at FROM destinations
         UNION ALL SELECT 'model', name, updated_at FROM models UNION ALL SELECT 'sync', name, updated_at FROM syncs ORDER BY 1, 2`,
      )
    ).rows;

  beforeAll(async () => {
    readme = readmeConfigExample();
    fake = await startFakeActiveCampaign({ requestsPerSecond: false, apiKeys: ['first-key-0123456789', 'second-key-0123456789'] });
    warehouse = await startWarehouse();
    await createCustomers(warehouse);
    ferry = await startTestFerry({}, enginePlugins);
    ferryDb = new Client({ connectionString: ferry.databaseUrl });
    await ferryDb.connect();
    dir = mkdtempSync(join(tmpdir(), 'ferry-config-'));
    env = {
      FERRY_URL: ferry.url,
      FERRY_TOKEN: ferry.token,
      WAREHOUSE_PASSWORD: String(postgresSourceConfig(warehouse.url).password),
      ACTIVECAMPAIGN_API_KEY: fake.apiKeys[0],
    };
  });
  afterAll(async () => {
    await ferryDb?.end();
    await ferry?.stop();
    await warehouse?.close();
    await fake?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test("apply creates the README example's sources, destinations, models and syncs, references resolved", async () => {
    const output = await apply(fileWith(example()));
    for (const line of [
      '+ create source "warehouse"',
      '+ create destination "activecampaign"',
      '+ create model "customers"',
      '+ create model "pro-customers"',
      '+ create sync "customers-to-contacts"',
      '+ create sync "pro-first-names"',
    ])
      assert.ok(output.includes(line), `${line} in\n${output}`);
    assert.ok(output.indexOf('create sync "customers-to-contacts"') < output.indexOf('create sync "pro-first-names"'));
    assert.match(output, /6 to create, 0 to update, 0 to delete, 0 unchanged\.[\s\S]*Applied\./);

    const { sources, destinations, models, syncs } = await state();
    assert.deepEqual(sources[0].config.password, null, 'the secret is stored, not shown');
    assert.deepEqual(sources[0].storedSecrets, ['password']);
    assert.deepEqual(destinations[0].storedSecrets, ['apiKey']);
    const customers = models.find((m: { name: string }) => m.name === 'customers');
    assert.equal(customers.description, 'Every customer with an email address');
    assert.equal(customers.source.name, 'warehouse');
    const contacts = syncs.find((s: { name: string }) => s.name === 'customers-to-contacts');
    const pro = syncs.find((s: { name: string }) => s.name === 'pro-first-names');
    assert.deepEqual(contacts.schedule, { kind: 'INTERVAL', every: '1 hour', cron: null, timezone: null, afterSyncId: null });
    assert.deepEqual(contacts.mappings, [
      { from: 'first_name', constant: null, to: 'firstName' },
      { from: 'last_name', constant: null, to: 'lastName' },
      { from: 'phone', constant: null, to: 'phone' },
    ]);
    assert.deepEqual(contacts.changeGuard, { maxRecords: 5000, maxPercent: 20 });
    assert.equal(pro.changeGuard, null);
    assert.equal(pro.schedule.kind, 'AFTER_SYNC');
    assert.equal(pro.schedule.afterSyncId, contacts.id, 'afterSync: by name in the file, by id in Ferry');
    assert.equal(pro.behavior, 'UPDATE_ONLY');
  });

  test('running apply again plans everything unchanged and changes nothing: no row, no call to the destination', async () => {
    const before = await rows();
    const requestsBefore = fake.requests.entries.length;
    const output = await apply(fileWith(example()));
    assert.match(output, /0 to create, 0 to update, 0 to delete, 6 unchanged\.\nNothing to change\./);
    assert.equal((output.match(/^ {2}= unchanged /gm) ?? []).length, 6, output);
    assert.deepEqual(await rows(), before, 'updated_at of every row is as it was');
    assert.equal(fake.requests.entries.length, requestsBefore, 'nothing reached ActiveCampaign (no connection test, no discovery)');
  });

  test('--dry-run prints what would change, field by field, secrets included, and changes nothing', async () => {
    const changed = example((doc) => {
      doc.setIn(['models', 'customers', 'description'], 'Customers with an email');
      doc.deleteIn(['syncs', 'customers-to-contacts', 'mappings', 2]);
      doc.setIn(['syncs', 'phones'], doc.createNode({ ...(doc.getIn(['syncs', 'pro-first-names']) as { toJSON(): object }).toJSON(), paused: true }));
    });
    const before = { rows: await rows(), state: await state() };
    const output = await apply(fileWith(changed), { dryRun: true }, { ...env, ACTIVECAMPAIGN_API_KEY: fake.apiKeys[1] });
    for (const line of [
      '~ update destination "activecampaign": config.apiKey (secret)',
      '~ update model "customers": description ("Every customer with an email address" → "Customers with an email")',
      '+ create sync "phones"',
      '~ update sync "customers-to-contacts": mappings',
      '= unchanged source "warehouse"',
      '= unchanged sync "pro-first-names"',
    ])
      assert.ok(output.includes(line), `${line} in\n${output}`);
    assert.match(output, /1 to create, 3 to update, 0 to delete, 3 unchanged\.\nDry run: nothing was changed\.\n$/);
    assert.deepEqual({ rows: await rows(), state: await state() }, before);
    assert.doesNotMatch(output, new RegExp(fake.apiKeys[1]), 'no secret value in the plan');

    const settings = example((doc) => {
      doc.setIn(['sources', 'warehouse', 'config', 'connectTimeoutSeconds'], 20);
      doc.setIn(['syncs', 'pro-first-names', 'schedule'], doc.createNode({ kind: 'CRON', cron: '0 6 * * *' }));
      doc.setIn(['syncs', 'pro-first-names', 'behavior'], 'UPDATE_OR_CREATE');
      doc.setIn(['syncs', 'pro-first-names', 'changeGuard'], doc.createNode({ maxPercent: 5 }));
      doc.deleteIn(['syncs', 'customers-to-contacts', 'changeGuard']);
    });
    const shown = await apply(fileWith(settings, 'settings.yaml'), { dryRun: true });
    assert.ok(shown.includes('~ update source "warehouse": config.connectTimeoutSeconds (10 → 20)\n'), shown);
    assert.ok(shown.includes('~ update sync "customers-to-contacts": changeGuard\n'), shown);
    assert.ok(
      shown.includes(
        '~ update sync "pro-first-names": behavior ("UPDATE_ONLY" → "UPDATE_OR_CREATE"), schedule ("AFTER_SYNC customers-to-contacts" → "CRON 0 6 * * * UTC"), changeGuard\n',
      ),
      shown,
    );
    const applied = await apply(fileWith(changed), {}, { ...env, ACTIVECAMPAIGN_API_KEY: fake.apiKeys[1] });
    assert.match(applied, /updated destination "activecampaign": config.apiKey \(secret\)/);
    const again = await apply(fileWith(changed), { dryRun: true }, { ...env, ACTIVECAMPAIGN_API_KEY: fake.apiKeys[1] });
    assert.match(again, /0 to create, 0 to update, 0 to delete, 7 unchanged\./);
    const { destinations } = await state();
    const secrets = await ferry.client.data(
      `query ($id: ID!) { now: destination(id: $id) { changedSecrets(config: { apiKey: "${fake.apiKeys[1]}" }) } old: destination(id: $id) { changedSecrets(config: { apiKey: "${fake.apiKeys[0]}" }) } }`,
      { id: destinations[0].id },
    );
    assert.deepEqual(secrets, { now: { changedSecrets: [] }, old: { changedSecrets: ['apiKey'] } }, 'the new key is the stored one');
    env.ACTIVECAMPAIGN_API_KEY = fake.apiKeys[1];
  });

  test('export writes a file apply takes back with nothing to change: secrets as references, deterministic', async () => {
    const output = join(dir, 'exported.yaml');
    await exportConfigFile(registry, output, env);
    const exported = readFileSync(output, 'utf8');
    let second = '';
    await exportConfigFile(registry, undefined, env, (text) => (second += text));
    assert.equal(
      second.replace(/^# yaml-language-server.*\n/, ''),
      exported.replace(/^# yaml-language-server.*\n/, ''),
      'the same state exports the same text',
    );
    assert.match(exported, /^# yaml-language-server: \$schema=.*schemas\/ferry-config\.schema\.json\n/);
    assert.match(exported, /#   FERRY_SOURCE_WAREHOUSE_PASSWORD {2}\(source "warehouse", password\)/);
    assert.match(exported, /#   FERRY_DESTINATION_ACTIVECAMPAIGN_API_KEY {2}\(destination "activecampaign", apiKey\)/);
    assert.match(exported, / {6}password: \$\{FERRY_SOURCE_WAREHOUSE_PASSWORD\}\n/);
    assert.ok(!exported.includes(String(env.WAREHOUSE_PASSWORD)) && !exported.includes(fake.apiKeys[1]), 'no secret in the export');
    assert.ok(exported.indexOf('  customers-to-contacts:') < exported.indexOf('  phones:'), 'sorted by name');

    const roundTrip = await apply(
      output,
      { dryRun: true },
      {
        FERRY_URL: ferry.url,
        FERRY_TOKEN: ferry.token,
        FERRY_SOURCE_WAREHOUSE_PASSWORD: env.WAREHOUSE_PASSWORD,
        FERRY_DESTINATION_ACTIVECAMPAIGN_API_KEY: env.ACTIVECAMPAIGN_API_KEY,
      },
    );
    assert.match(roundTrip, /0 to create, 0 to update, 0 to delete, 7 unchanged\./, roundTrip);
  });

  test('an exported file applied to an empty Ferry makes a Ferry that exports the same file', async () => {
    let exported = '';
    await exportConfigFile(registry, undefined, env, (text) => (exported += text));
    const file = fileWith(exported, 'exported-again.yaml');
    const other = await startTestFerry({}, enginePlugins);
    try {
      const otherEnv = {
        FERRY_URL: other.url,
        FERRY_TOKEN: other.token,
        FERRY_SOURCE_WAREHOUSE_PASSWORD: env.WAREHOUSE_PASSWORD,
        FERRY_DESTINATION_ACTIVECAMPAIGN_API_KEY: env.ACTIVECAMPAIGN_API_KEY,
      };
      assert.match(await apply(file, {}, otherEnv), /7 to create, 0 to update, 0 to delete, 0 unchanged\.[\s\S]*Applied\./);
      let fromOther = '';
      await exportConfigFile(registry, undefined, otherEnv, (text) => (fromOther += text));
      assert.equal(fromOther, exported);
    } finally {
      await other.stop();
    }
  });

  /** The state the earlier tests left, plus a model "emails" and a sync "typo" on it (its mapping given). */
  const withEmails = (
    mapping: { from?: string; constant?: string; to: string },
    extra: (doc: ReturnType<typeof parseDocument>) => void = () => undefined,
  ) =>
    example((doc) => {
      doc.setIn(['models', 'customers', 'description'], 'Customers with an email');
      doc.deleteIn(['syncs', 'customers-to-contacts', 'mappings', 2]);
      doc.setIn(['syncs', 'phones'], doc.createNode({ ...(doc.getIn(['syncs', 'pro-first-names']) as { toJSON(): object }).toJSON(), paused: true }));
      doc.setIn(['models', 'emails'], doc.createNode({ source: 'warehouse', sql: 'SELECT email, first_name FROM customers' }));
      doc.setIn(
        ['syncs', 'typo'],
        doc.createNode({
          model: 'emails',
          destination: 'activecampaign',
          object: 'contact',
          behavior: 'UPDATE_OR_CREATE',
          syncKey: { column: 'email', field: 'email' },
          mappings: [mapping],
        }),
      );
      extra(doc);
    });

  test("a sync the destination would refuse is caught before anything changes, at its line, by the API's own check", async () => {
    const before = await rows();
    const text = withEmails({ constant: 'x', to: 'fristName' }, (doc) => doc.setIn(['syncs', 'pro-first-names', 'syncKey', 'field'], 'phone'));
    for (const dryRun of [true, false]) {
      const refused = await apply(fileWith(text, 'typo.yaml'), { dryRun }).catch((e: unknown) => e);
      assert.ok(refused instanceof ConfigFileError, String(refused));
      const line = (needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;
      assert.equal(refused.lines.length, 2, refused.message);
      assert.match(
        refused.lines[0],
        new RegExp(
          `typo\\.yaml:${line('field: phone')}:\\d+: syncs\\.pro-first-names\\.syncKey\\.field: "phone" cannot identify Contact records; use one of "email"`,
        ),
      );
      assert.match(
        refused.lines[1],
        new RegExp(
          `typo\\.yaml:${line('fristName')}:\\d+: syncs\\.typo\\.mappings\\[0\\]\\.to: Contact has no field "fristName"; its fields are "email", "firstName"`,
        ),
      );
    }
    assert.deepEqual(await rows(), before, 'not even the new model was created');
  });

  test("a step Ferry refuses stops apply, shown at the file's line, with what was done and what was not", async () => {
    const text = withEmails({ from: 'first_name', to: 'firstName' }, (doc) =>
      doc.setIn(['models', 'zz-broken'], doc.createNode({ source: 'warehouse', sql: 'SELECT email FROM no_such_table' })),
    );
    const file = fileWith(text, 'broken.yaml');
    const error = await apply(file).catch((e: unknown) => e);
    assert.ok(error instanceof ApplyStoppedError, String(error));
    assert.match(error.message, /^apply stopped: Ferry refused to create model "zz-broken":/);
    const line = text.split('\n').findIndex((l) => l.includes('no_such_table')) + 1;
    assert.match(error.message, new RegExp(`broken\\.yaml:${line}:\\d+: models\\.zz-broken\\.sql: BAD_USER_INPUT: .*no_such_table`));
    assert.match(error.message, /Done before it \(kept\):\n {2}\+ create model "emails"\nNot done:\n {2}\+ create sync "typo"/);
    assert.match(error.message, /what is already done plans as unchanged/);
    const fixed = await apply(fileWith(withEmails({ from: 'first_name', to: 'firstName' }), 'broken.yaml'));
    assert.match(fixed, /1 to create, 0 to update, 0 to delete, 8 unchanged\./, 'the model made before the refusal is unchanged now');
  });

  test('a change the API cannot make in place, and a name Ferry holds twice, are refused at their line before anything changes', async () => {
    const before = await rows();
    const moved = example((doc) => doc.setIn(['syncs', 'customers-to-contacts', 'object'], 'account'));
    const refusal = await apply(fileWith(moved)).catch((e: unknown) => e);
    assert.ok(refusal instanceof ConfigFileError, String(refusal));
    const objectLine = moved.split('\n').findIndex((l) => l.includes('object: account')) + 1;
    assert.match(
      refusal.lines[0],
      new RegExp(
        `:${objectLine}:13: syncs.customers-to-contacts.object: A sync's object cannot be changed in place \\(it is "contact" in Ferry\\): give the item a new name`,
      ),
    );

    const { createSource } = await ferry.client.data(
      `mutation ($c: JSONObject!) { createSource(input: { name: "warehouse", type: "postgres", config: $c, skipTest: true }) { id } }`,
      { c: postgresSourceConfig(warehouse.url) },
    );
    const ambiguous = await apply(fileWith(example())).catch((e: unknown) => e);
    assert.ok(ambiguous instanceof ConfigFileError, String(ambiguous));
    assert.equal(ambiguous.lines.length, 1, 'the models reading "warehouse" are not reported as moved: which source they read is the question');
    assert.match(
      ambiguous.lines[0],
      new RegExp(
        `sources.warehouse: 2 sources in Ferry are named "warehouse" \\(.*${createSource.id}.*\\), so apply cannot tell which one this is: rename the others`,
      ),
    );
    await ferry.client.data(`mutation { deleteSource(id: "${createSource.id}") }`);
    assert.deepEqual(
      (await rows()).filter((r) => r.name !== 'warehouse' || r.kind !== 'source'),
      before.filter((r) => r.name !== 'warehouse' || r.kind !== 'source'),
    );
  });

  test('--prune deletes what the file no longer names, syncs before the models they read; without it they are left alone', async () => {
    const file = fileWith(example());
    const plain = await apply(file, { dryRun: true });
    assert.match(plain, /Not in the file, left alone \(apply --prune would delete them\): sync "phones", sync "typo", model "emails"\./);
    const output = await apply(file, { prune: true });
    const deletes = output.split('\n').filter((l) => l.startsWith('  - delete'));
    assert.deepEqual(deletes, ['  - delete sync "phones"', '  - delete sync "typo"', '  - delete model "emails"']);
    assert.match(output, /deleted sync "typo"[\s\S]*deleted model "emails"/);
    const { models, syncs } = await state();
    assert.deepEqual(models.map((m: { name: string }) => m.name).sort(), ['customers', 'pro-customers']);
    assert.deepEqual(syncs.map((s: { name: string }) => s.name).sort(), ['customers-to-contacts', 'pro-first-names']);
    assert.match(await apply(file, { dryRun: true, prune: true }), /0 to create, 0 to update, 0 to delete, 6 unchanged\./);
  });

  test('--prune with a file that names nothing is refused rather than emptying Ferry', async () => {
    const before = await rows();
    const refused = await apply(fileWith('version: 1\n', 'empty.yaml'), { prune: true }).catch((e: unknown) => e);
    assert.match(
      String(refused),
      /empty\.yaml names no source, destination, model, sync or notification rule: with --prune it would delete all 6 items Ferry has\. Refused/,
    );
    assert.deepEqual(await rows(), before);
  });

  test('the ferry CLI: apply --dry-run exits 0 with the plan; a bad file exits 1 naming its lines', async () => {
    const file = fileWith(example());
    const dry = spawnFerry('cli', env as Record<string, string>, ['apply', file, '--dry-run']);
    assert.equal(await dry.exited, 0, dry.output());
    assert.match(dry.output(), /6 unchanged\.\nDry run: nothing was changed\./);
    const bad = fileWith(example().replace('behavior: UPDATE_ONLY', 'behavior: SOMETIMES'), 'bad.yaml');
    const refused = spawnFerry('cli', env as Record<string, string>, ['apply', bad]);
    assert.equal(await refused.exited, 1);
    assert.match(
      refused.output(),
      /bad\.yaml: 1 problem, nothing was changed:\n.*bad\.yaml:\d+:\d+: syncs\.pro-first-names\.behavior: must be UPDATE_OR_CREATE or UPDATE_ONLY/,
    );
  });

  test('a source Ferry cannot reach is refused at its line and nothing of it is stored; --skip-tests stores it untested', async () => {
    const text = example((doc) =>
      doc.setIn(['sources', 'unreachable'], doc.createNode({ type: 'postgres', config: { host: '127.0.0.1', port: 1, database: 'd', user: 'u' } })),
    );
    const file = fileWith(text, 'unreachable.yaml');
    const refused = await apply(file).catch((e: unknown) => e);
    assert.ok(refused instanceof ApplyStoppedError, String(refused));
    const line = text.split('\n').findIndex((l) => l.includes('unreachable:')) + 1;
    assert.match(
      refused.message,
      new RegExp(`unreachable\\.yaml:${line + 1}:\\d+: sources\\.unreachable: CONNECTION_FAILED: Source "unreachable" was not saved`),
    );
    assert.match(refused.message, /save it untested with skipTest: true \(apply --skip-tests\)/, "the API's advice in apply's terms");
    assert.match(refused.message, /Nothing was changed before it\./);
    assert.ok(!(await state()).sources.some((s: { name: string }) => s.name === 'unreachable'));

    const output = await apply(file, { skipTests: true });
    assert.match(output, /created source "unreachable"/);
    const { sources } = await ferry.client.data('{ sources { name lastTest { ok } } }');
    assert.deepEqual(
      sources.find((s: { name: string }) => s.name === 'unreachable'),
      { name: 'unreachable', lastTest: null },
      'stored untested',
    );
  });
});

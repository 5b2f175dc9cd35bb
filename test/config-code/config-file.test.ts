import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from '@jest/globals';
import Ajv2020 from 'ajv/dist/2020';
import { parse } from 'yaml';
import { ConfigFileError } from '../../src/config-code/config-file-error';
import { configFileJsonSchemaText, jsonSchemaFile } from '../../src/config-code/json-schema';
import { readConfigText } from '../../src/config-code/read-config-file';
import { builtinPlugins } from '../../src/plugins/builtin';
import { PluginRegistry } from '../../src/plugins/registry';
import { readmeExample } from './readme-example';

const root = join(__dirname, '..', '..', '..');
const registry = new PluginRegistry(builtinPlugins);

/** `file:line:column` of the first line holding `needle`, the column where `needle` starts. */
function at(text: string, needle: string, file = 'ferry.yaml'): string {
  const lines = text.split('\n');
  const index = lines.findIndex((line) => line.includes(needle));
  assert.ok(index >= 0, `the file has ${needle}`);
  return `${file}:${index + 1}:${lines[index].indexOf(needle) + 1}`;
}

function problems(text: string, env: NodeJS.ProcessEnv = {}): string[] {
  try {
    readConfigText('ferry.yaml', text, registry, env);
  } catch (error) {
    assert.ok(error instanceof ConfigFileError, String(error));
    assert.match(error.message, /nothing was changed/);
    return error.lines;
  }
  assert.fail('the file was accepted');
}

const valid = `version: 1
sources:
  warehouse:
    type: postgres
    config:
      host: 127.0.0.1
      database: analytics
      user: reader
      password: \${WAREHOUSE_PASSWORD}
destinations:
  ac:
    type: activecampaign
    config:
      apiUrl: https://acme.api-us1.com
      apiKey: \${AC_KEY}
models:
  people:
    source: warehouse
    sql: SELECT email, first_name FROM people
syncs:
  first:
    model: people
    destination: ac
    object: contact
    behavior: UPDATE_OR_CREATE
    syncKey: { column: email, field: email }
    mappings:
      - { from: first_name, to: firstName }
  second:
    model: people
    destination: ac
    object: contact
    behavior: UPDATE_ONLY
    syncKey: { column: email, field: email }
    schedule: { kind: AFTER_SYNC, afterSync: first }
`;
const env = { WAREHOUSE_PASSWORD: 'pw', AC_KEY: 'key' };

describe('reading a configuration file', () => {
  test('a valid file resolves: plugin defaults applied, secrets read from the environment, syncs after the sync they follow', () => {
    const renamed = valid.replace('  first:', '  z-first:').replaceAll('afterSync: first', 'afterSync: z-first');
    const desired = readConfigText('ferry.yaml', renamed, registry, env);
    const warehouse = desired.sources.get('warehouse')!;
    assert.equal(warehouse.config.port, 5432, "the plugin's default");
    assert.equal(warehouse.config.password, 'pw');
    assert.deepEqual(warehouse.givenSecrets, ['password']);
    assert.deepEqual([...desired.syncs.keys()], ['z-first', 'second'], 'the sync followed comes first, whatever the names');
  });

  test('a bad file is refused with every problem at once, each at its line and column, naming the field', () => {
    const bad = `version: 1
sources:
  warehouse:
    type: postgres
    config:
      host: 127.0.0.1
      port: fifty
      database: analytics
      user: reader
      password: hunter2
      passwrod: x
destinations:
  ac:
    type: activecampaign
    config:
      apiUrl: https://acme.api-us1.com
      apiKey: \${MISSING_AC_KEY}
models:
  people:
    source: warehouse
    sql: SELECT 1
    table: public.people
syncs:
  nightly:
    model: people
    destination: ac
    object: contact
    behavior: UPSERT
    syncKey: { column: email, field: email }
    mappings:
      - { from: first_name, to: firstName }
      - { from: last_name, constant: x, to: lastName }
    shedule: { kind: MANUAL }
`;
    const lines = problems(bad);
    const expected = [
      [at(bad, 'fifty'), 'sources.warehouse.config.port', /must be a number/],
      [
        at(bad, 'hunter2'),
        'sources.warehouse.config.password',
        /is a secret and must not be written in the file: put it in an environment variable and write \$\{FERRY_SOURCE_WAREHOUSE_PASSWORD\}/,
      ],
      [at(bad, 'passwrod'), 'sources.warehouse.config.passwrod', /unknown PostgreSQL setting "passwrod"; the settings are host, port/],
      [at(bad, '${MISSING_AC_KEY}'), 'destinations.ac.config.apiKey', /environment variable MISSING_AC_KEY is not set/],
      [at(bad, 'public.people'), 'models.people.table', /give exactly one of sql .* or table/],
      [at(bad, 'UPSERT'), 'syncs.nightly.behavior', /must be UPDATE_OR_CREATE or UPDATE_ONLY/],
      [at(bad, 'last_name'), 'syncs.nightly.mappings[1].from', /give exactly one of from .* or constant/],
      [at(bad, 'shedule'), 'syncs.nightly.shedule', /is not a setting here; check its spelling/],
    ] as const;
    assert.equal(lines.length, expected.length, lines.join('\n'));
    expected.forEach(([position, path, message], index) => {
      assert.ok(lines[index].startsWith(`${position}: ${path}: `), `problem ${index}: ${lines[index]} (expected ${position}: ${path})`);
      assert.match(lines[index], message);
    });
  });

  test('references name items of the file; an AFTER_SYNC cycle is refused', () => {
    const text = valid
      .replace('    source: warehouse', '    source: wearhouse')
      .replace(
        '    destination: ac\n    object: contact\n    behavior: UPDATE_OR_CREATE',
        '    destination: ac\n    object: contact\n    behavior: UPDATE_OR_CREATE\n    schedule: { kind: AFTER_SYNC, afterSync: second }',
      );
    const lines = problems(text, env);
    assert.equal(lines.length, 2, lines.join('\n'));
    assert.match(
      lines[0],
      new RegExp(`^${at(text, 'wearhouse')}: models.people.source: there is no source "wearhouse" in this file; name one of "warehouse"`),
    );
    assert.match(lines[1], /syncs.first.schedule.afterSync: AFTER_SYNC makes a cycle \("first" → "second" → "first"\)/);
  });

  test("notification rules resolve (URL literal or ${VAR}); a bad rule is refused at its lines by the API's checks, an unknown sync named", () => {
    const rules = `notificationRules:
  failures:
    sync: first
    condition: RUN_FAILED
    url: \${SLACK_URL}
    format: SLACK
  slow:
    condition: RUN_LONGER_THAN
    duration: 2 hours
    url: https://alerts.example.com/ferry
`;
    const desired = readConfigText('ferry.yaml', valid + rules, registry, { ...env, SLACK_URL: 'https://hooks.slack.com/services/T0/B0/secret' });
    assert.deepEqual(desired.notificationRules.get('failures'), {
      sync: 'first',
      condition: 'RUN_FAILED',
      url: 'https://hooks.slack.com/services/T0/B0/secret',
      format: 'SLACK',
      enabled: true,
    });
    assert.deepEqual(desired.notificationRules.get('slow'), {
      condition: 'RUN_LONGER_THAN',
      duration: '2 hours',
      url: 'https://alerts.example.com/ferry',
      format: 'WEBHOOK',
      enabled: true,
    });

    const privateUrl = valid + rules.replace('https://alerts.example.com/ferry', 'https://10.1.2.3/ferry');
    assert.equal(
      readConfigText('ferry.yaml', privateUrl, registry, { ...env, SLACK_URL: 'https://hooks.slack.com/x' }).notificationRules.get('slow')!.url,
      'https://10.1.2.3/ferry',
      "a private address is the server's call (FERRY_ALLOW_PRIVATE_DESTINATIONS there)",
    );
    const metadata = valid + rules.replace('https://alerts.example.com/ferry', 'https://169.254.169.254/latest');
    assert.match(problems(metadata, { ...env, SLACK_URL: 'https://hooks.slack.com/x' }).join('\n'), /notificationRules\.slow\.url: /);

    const bad = `notificationRules:
  failures:
    sync: frist
    condition: RUN_FAILED
    rejectedRowsPercent: 5.5
    url: \${SLACK_URL}
  slow:
    condition: RUN_LONGER_THAN
    duration: forever
    url: http://alerts.example.com/ferry
  rejects:
    condition: REJECTED_ROWS_ABOVE
    url: https://alerts.example.com/ferry
    formatt: SLACK
`;
    const text = valid + bad;
    const lines = problems(text, env);
    assert.deepEqual(
      lines.map((line) => line.replace(/: .*$/, '')),
      [at(text, 'formatt')],
      'the structure is checked first: an unknown setting stops the rest',
    );
    assert.match(lines[0], /notificationRules.rejects.formatt: is not a setting here/);

    const fixed = text.replace('    formatt: SLACK\n', '');
    const refused = problems(fixed, env);
    const expected = [
      [
        at(fixed, 'frist'),
        'notificationRules.failures.sync: there is no sync "frist" in this file; name one of "first", "second", or leave sync out',
      ],
      [at(fixed, '5.5'), 'notificationRules.failures.rejectedRowsPercent: only REJECTED_ROWS_ABOVE takes a percentage'],
      [at(fixed, '${SLACK_URL}'), 'notificationRules.failures.url: environment variable SLACK_URL is not set'],
      [at(fixed, 'forever'), 'notificationRules.slow.duration: "forever" is not a duration'],
      [at(fixed, 'http://alerts'), 'notificationRules.slow.url: '],
      [at(fixed, 'condition: REJECTED_ROWS_ABOVE'), 'notificationRules.rejects.rejectedRowsPercent: is required for REJECTED_ROWS_ABOVE'],
    ];
    assert.equal(refused.length, expected.length, refused.join('\n'));
    for (const [index, [where, message]] of expected.entries())
      assert.ok(refused[index].startsWith(`${where}: ${message}`), `${refused[index]}\nexpected ${where}: ${message}`);
  });

  test("a sync's change guard is checked as the API checks it, each limit at its line", () => {
    const text = valid.replace(
      '    mappings:\n      - { from: first_name, to: firstName }',
      '    mappings:\n      - { from: first_name, to: firstName }\n    changeGuard:\n      maxRecords: 0\n      maxPercent: 150',
    );
    const lines = problems(text, env);
    assert.equal(lines.length, 2, lines.join('\n'));
    const valueOf = (setting: string) => at(text, setting).replace(/:(\d+)$/, (_, column) => `:${Number(column) + setting.indexOf(': ') + 2}`);
    assert.ok(lines[0].startsWith(`${valueOf('maxRecords: 0')}: syncs.first.changeGuard.maxRecords: 0 would stop every run`), lines[0]);
    assert.ok(lines[1].startsWith(`${valueOf('maxPercent: 150')}: syncs.first.changeGuard.maxPercent: 150 is not a percentage`), lines[1]);
  });

  test('a setting left out is said to be missing, at the start of the item that lacks it, with what it must be', () => {
    const text = valid.replace('    behavior: UPDATE_OR_CREATE\n', '    behaviour: UPDATE_OR_CREATE\n');
    assert.deepEqual(problems(text, env), [
      `${at(text, 'model: people')}: syncs.first.behavior: is missing: give UPDATE_OR_CREATE or UPDATE_ONLY`,
      `${at(text, 'behaviour')}: syncs.first.behaviour: is not a setting here; check its spelling and indentation`,
    ]);
    const noModel = valid.replace(
      '    model: people\n    destination: ac\n    object: contact\n    behavior: UPDATE_OR_CREATE',
      '    destination: ac\n    object: contact\n    behavior: UPDATE_OR_CREATE',
    );
    assert.deepEqual(problems(noModel, env), [
      `${at(noModel, 'destination: ac')}: syncs.first.model: is missing: give the name of a model of this file`,
    ]);
  });

  test("a sync's INTERVAL and CRON schedules are checked as the API checks them, so a dry run refuses what apply would", () => {
    const withSchedule = (schedule: string) =>
      valid.replace(
        '    mappings:\n      - { from: first_name, to: firstName }',
        `    mappings:\n      - { from: first_name, to: firstName }\n    schedule: ${schedule}`,
      );
    const every = withSchedule('{ kind: INTERVAL, every: 1 hr }');
    assert.deepEqual(problems(every, env), [
      `${at(every, '1 hr')}: syncs.first.schedule.every: "1 hr" is not an interval; write e.g. '15 minutes', '2 hours' or '1 day'`,
    ]);
    const short = withSchedule('{ kind: INTERVAL, every: 30 seconds }');
    assert.match(problems(short, env)[0], /syncs\.first\.schedule\.every: "30 seconds" is shorter than the minimum of 60 seconds$/);
    const zone = withSchedule('{ kind: CRON, cron: "0 6 * * *", timezone: Europe/Pariss }');
    assert.deepEqual(problems(zone, env), [
      `${at(zone, 'Europe/Pariss')}: syncs.first.schedule.timezone: "Europe/Pariss" is not an IANA time zone; use e.g. UTC, Europe/Paris or America/New_York`,
    ]);
    const cron = withSchedule('{ kind: CRON, cron: "0 25 * * *" }');
    assert.match(problems(cron, env)[0], /syncs\.first\.schedule\.cron: "0 25 \* \* \*" is not a valid cron expression/);
    assert.equal(
      readConfigText('ferry.yaml', withSchedule('{ kind: INTERVAL, every: 15 minutes }'), registry, env).syncs.get('first')!.schedule.kind,
      'INTERVAL',
    );
  });

  test('only secret settings read environment variables; YAML syntax errors and duplicate names have their line', () => {
    const text = valid.replace('      host: 127.0.0.1', '      host: ${WAREHOUSE_HOST}');
    const [line] = problems(text, { ...env, WAREHOUSE_HOST: 'db' });
    assert.match(
      line,
      new RegExp(
        `^${at(text, '${WAREHOUSE_HOST}').replace(/[$]/g, '\\$')}: sources.warehouse.config.host: only secret settings \\(password\\) read environment variables`,
      ),
    );
    const duplicated = valid.replace('  second:', '  first:');
    const [duplicate] = problems(duplicated, env);
    assert.match(duplicate, /^ferry.yaml:29:3: Map keys must be unique/);
  });

  test('the published JSON Schema is the one the zod schema and the built-in plugins make (npm run config-schema)', () => {
    const committed = readFileSync(join(root, jsonSchemaFile), 'utf8');
    assert.equal(committed, configFileJsonSchemaText(builtinPlugins), 'run `npm run config-schema` and commit schemas/ferry-config.schema.json');
  });

  test("the README's example passes the file's checks and the published JSON Schema; the JSON Schema refuses what apply refuses", () => {
    const example = readmeExample(readFileSync(join(root, 'README.md'), 'utf8'));
    const desired = readConfigText('ferry.yaml', example, registry, { WAREHOUSE_PASSWORD: 'pw', ACTIVECAMPAIGN_API_KEY: 'key' });
    assert.deepEqual([...desired.syncs.keys()], ['customers-to-contacts', 'pro-first-names']);
    const validate = new Ajv2020({ strict: false }).compile(JSON.parse(readFileSync(join(root, jsonSchemaFile), 'utf8')));
    assert.equal(validate(parse(example)), true, JSON.stringify(validate.errors));
    const literalSecret = parse(example.replace('${WAREHOUSE_PASSWORD}', 'hunter2'));
    assert.equal(validate(literalSecret), false);
    assert.ok(
      validate.errors!.some((e) => e.instancePath === '/sources/warehouse/config/password'),
      JSON.stringify(validate.errors),
    );
    const misspelt = parse(example.replace('      ssl: true', '      sssl: true'));
    assert.equal(validate(misspelt), false, 'an unknown setting of a built-in plugin');
  });

  test("the README's notification rules, added to its example, pass the file's checks and the published JSON Schema", () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('### Configuration as code'), readme.indexOf('## Configuration\n'));
    const snippet = /```yaml\n( *notificationRules:\n[\s\S]*?) *```/.exec(section)?.[1];
    assert.ok(snippet, 'the section shows notificationRules');
    const indent = /^ */.exec(snippet)![0].length;
    const rules = snippet
      .split('\n')
      .map((line) => line.slice(indent))
      .join('\n');
    const text = readmeExample(readme) + rules;
    const desired = readConfigText('ferry.yaml', text, registry, {
      WAREHOUSE_PASSWORD: 'pw',
      ACTIVECAMPAIGN_API_KEY: 'key',
      SLACK_ALERTS_URL: 'https://hooks.slack.com/services/T0/B0/x',
    });
    assert.deepEqual([...desired.notificationRules.keys()], ['contacts-failing', 'nothing-for-a-day']);
    const validate = new Ajv2020({ strict: false }).compile(JSON.parse(readFileSync(join(root, jsonSchemaFile), 'utf8')));
    assert.equal(validate(parse(text)), true, JSON.stringify(validate.errors));
    assert.equal(validate(parse(text.replace('condition: RUN_FAILED', 'condition: RUN_FAILD'))), false, 'an unknown condition');
  });
});

import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { z } from 'zod';
import { ConnectionError, PluginConfigError } from '../../../src/plugins/contract';
import { bigQuerySource } from '../../../src/plugins/sources/google/bigquery';
import { forgetAccessTokens } from '../../../src/plugins/sources/google/service-account';
import { FakeQueryError } from '../../fakes/bigquery';
import { pluginContext } from '../../helpers/plugin-context';
import { forgedKey } from '../google-service-account/forged-key';
import { PROJECT, startBigQuerySetup, type BigQuerySetup } from './bigquery-fake-setup';

describe('bigquery source: test(), columns(), tables() and errors', () => {
  let setup: BigQuerySetup;
  beforeAll(async () => {
    setup = await startBigQuerySetup();
    const { warehouse } = setup.fake;
    warehouse.addTable(
      PROJECT,
      'crm',
      'people',
      [
        { name: 'email', type: 'STRING' },
        { name: 'tags', type: 'STRING', mode: 'REPEATED' },
      ],
      [['a@example.com', ['x']]],
    );
    warehouse.addTable(PROJECT, 'crm', 'orders', [{ name: 'id', type: 'INTEGER' }], []);
    warehouse.addDataset(PROJECT, 'eu_sales', 'EU');
    warehouse.addTable(PROJECT, 'eu_sales', 'invoices', [{ name: 'id', type: 'INTEGER' }], [[1]]);
    warehouse.addDataset(PROJECT, 'secret', 'US', ['someone-else@ferry-test.iam.gserviceaccount.com']);
    warehouse.addTable(PROJECT, 'secret', 'salaries', [{ name: 'id', type: 'INTEGER' }], [[1]]);
  });
  afterAll(() => setup.fake.close());

  const ctx = () => pluginContext();
  const failure = (promise: Promise<unknown>) =>
    promise.then(
      () => {
        throw new Error('expected a failure');
      },
      (error: unknown) => error as Error,
    );

  test('test() dry-runs SELECT 1 with a token for the key: passes, and reads no row', async () => {
    await bigQuerySource.test(setup.config, ctx());
    expect(setup.fake.jobs.all()).toHaveLength(0);
  });

  test('a key signed by another private key is refused by the token endpoint with the fix', async () => {
    const error = await failure(bigQuerySource.test({ ...setup.config, serviceAccountKey: forgedKey(setup.config.serviceAccountKey) }, ctx()));
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error.message).toMatch(
      /refused the key of the service account ferry-reader@ferry-test\.iam\.gserviceaccount\.com \(Invalid JWT Signature\.\).*Create a new JSON key/,
    );
  });

  test('a malformed key is refused before any request, naming what is wrong', () => {
    const parse = (key: string) => bigQuerySource.config.safeParse({ ...setup.config, serviceAccountKey: key });
    expect(parse('not json').error?.issues[0].message).toMatch(/not JSON/);
    expect(parse('{"type":"authorized_user"}').error?.issues[0].message).toMatch(/"authorized_user" credential, not a "service_account" key/);
    const key = JSON.parse(setup.config.serviceAccountKey);
    expect(
      parse(JSON.stringify({ ...key, private_key: '-----BEGIN PRIVATE KEY-----\nnope\n-----END PRIVATE KEY-----\n' })).error?.issues[0].message,
    ).toMatch(/not a PEM private key/);
    expect(parse(JSON.stringify({ ...key, client_email: undefined })).error?.issues[0].message).toMatch(/no "client_email"/);
    expect(parse(JSON.stringify({ ...key, token_uri: 'http://oauth.example.com/token' })).error?.issues[0].message).toMatch(
      /must start with https:\/\//,
    );
    expect(parse(setup.config.serviceAccountKey).success).toBe(true);
  });

  test('the key is a secret: writeOnly in the JSON Schema', () => {
    const json = z.toJSONSchema(bigQuerySource.config, { io: 'input' }) as { properties: Record<string, { writeOnly?: boolean }> };
    expect(json.properties.serviceAccountKey.writeOnly).toBe(true);
    expect(json.properties.apiUrl.writeOnly).toBeUndefined();
  });

  test('a token is fetched once and reused until it nears expiry', async () => {
    forgetAccessTokens();
    const before = setup.fake.tokens.issued;
    await bigQuerySource.test(setup.config, ctx());
    await bigQuerySource.test(setup.config, ctx());
    expect(setup.fake.tokens.issued - before).toBe(1);
  });

  test('a project where the account may not run jobs names roles/bigquery.jobUser', async () => {
    const stranger = setup.fake.createServiceAccount('stranger', PROJECT, { jobUser: false });
    const error = await failure(bigQuerySource.test({ ...setup.config, serviceAccountKey: stranger.keyJson }, ctx()));
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error.message).toMatch(/roles\/bigquery\.jobUser/);
  });

  test('an unknown project is named with the fix', async () => {
    const error = await failure(bigQuerySource.test({ ...setup.config, projectId: 'no-such-project' }, ctx()));
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error.message).toMatch(/^Not found: Project no-such-project: check projectId/);
  });

  test('columns() comes from a dry run: names and GoogleSQL types, no job run', async () => {
    const columns = await bigQuerySource.columns(setup.config, { kind: 'sql', sql: 'SELECT email, tags FROM `crm.people`;' }, ctx());
    expect(columns).toEqual([
      { name: 'email', type: 'STRING' },
      { name: 'tags', type: 'ARRAY<STRING>' },
    ]);
    expect(setup.fake.jobs.all()).toHaveLength(0);
    const failing = await bigQuerySource.columns(setup.config, { kind: 'sql', sql: "SELECT ERROR('boom') AS x" }, ctx());
    expect(failing).toEqual([{ name: 'x', type: 'STRING' }]);
  });

  test('a dataset in another location says to set location', async () => {
    const error = await failure(bigQuerySource.columns(setup.config, { kind: 'sql', sql: 'SELECT id FROM `eu_sales.invoices`' }, ctx()));
    expect(error).toBeInstanceOf(PluginConfigError);
    expect(error.message).toMatch(/^Not found: Dataset ferry-test:eu_sales was not found in location US\..*set location to the dataset's location/);
    const columns = await bigQuerySource.columns(
      { ...setup.config, location: 'EU' },
      { kind: 'sql', sql: 'SELECT id FROM `eu_sales.invoices`' },
      ctx(),
    );
    expect(columns).toEqual([{ name: 'id', type: 'INT64' }]);
  });

  test('a missing table, an unknown column and an unreadable dataset each say what to fix', async () => {
    const missing = await failure(bigQuerySource.columns(setup.config, { kind: 'sql', sql: 'SELECT * FROM `crm.nope`' }, ctx()));
    expect(missing.message).toMatch(/^Not found: Table ferry-test:crm\.nope was not found in location US/);
    const column = await failure(bigQuerySource.columns(setup.config, { kind: 'sql', sql: 'SELECT nope FROM `crm.people`' }, ctx()));
    expect(column).toBeInstanceOf(PluginConfigError);
    expect(column.message).toBe('Unrecognized name: nope at [1:8]');
    const denied = await failure(bigQuerySource.columns(setup.config, { kind: 'sql', sql: 'SELECT * FROM `secret.salaries`' }, ctx()));
    expect(denied).toBeInstanceOf(PluginConfigError);
    expect(denied.message).toMatch(
      /^Access Denied: Table ferry-test:secret\.salaries.*Grant ferry-reader@ferry-test\.iam\.gserviceaccount\.com roles\/bigquery\.dataViewer/,
    );
  });

  test("estimateRows() reads a table model's numRows from its metadata; SQL models have no cheap estimate", async () => {
    const before = setup.fake.jobs.all().length;
    expect(await bigQuerySource.estimateRows!(setup.config, { kind: 'table', table: { schema: 'crm', name: 'people' } }, ctx())).toBe(1);
    expect(await bigQuerySource.estimateRows!(setup.config, { kind: 'sql', sql: 'SELECT * FROM `crm.people`' }, ctx())).toBeNull();
    expect(setup.fake.jobs.all()).toHaveLength(before);
    expect(setup.fake.requests.at(-1)).toBe('GET /bigquery/v2/projects/ferry-test/datasets/crm/tables/people');
  });

  test('quota errors are ConnectionErrors that say to wait or raise the quota', async () => {
    setup.fake.failNext(
      new FakeQueryError(403, 'rateLimitExceeded', 'Exceeded rate limits: too many concurrent queries for this project_and_region.'),
    );
    const error = await failure(bigQuerySource.columns(setup.config, { kind: 'sql', sql: 'SELECT 1' }, ctx()));
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error.message).toMatch(/quota reached for project ferry-test \(Exceeded rate limits.*\): try again later/);
  });

  test("tables() lists the readable datasets' tables, searched and limited; location filters datasets", async () => {
    expect(await bigQuerySource.tables!(setup.config, { first: 10 }, ctx())).toEqual([
      { schema: 'crm', name: 'orders' },
      { schema: 'crm', name: 'people' },
      { schema: 'eu_sales', name: 'invoices' },
    ]);
    expect(await bigQuerySource.tables!(setup.config, { first: 10, search: 'PEO' }, ctx())).toEqual([{ schema: 'crm', name: 'people' }]);
    expect(await bigQuerySource.tables!(setup.config, { first: 1 }, ctx())).toHaveLength(1);
    expect(await bigQuerySource.tables!({ ...setup.config, location: 'EU' }, { first: 10 }, ctx())).toEqual([
      { schema: 'eu_sales', name: 'invoices' },
    ]);
  });
});

import assert from 'node:assert/strict';
import type { LookupAddress } from 'node:dns';
import { afterEach, describe, test } from '@jest/globals';
import { guardedSourceAgent } from '../../src/engine/http/guarded-agent';
import { useSourceResolver, type Plugin } from '../../src/plugins/contract';
import { databricksSource } from '../../src/plugins/sources/databricks';
import { elasticsearchSource } from '../../src/plugins/sources/elasticsearch';
import { bigQuerySource } from '../../src/plugins/sources/google/bigquery';
import { googleSheetsSource } from '../../src/plugins/sources/google/sheets';
import { snowflakeSource } from '../../src/plugins/sources/snowflake';
import { rsaKeyPair } from '../fakes/snowflake';
import { pluginContext } from '../helpers/plugin-context';
import { testCaCertificate } from '../fakes/elasticsearch';
import { useCountingListener } from '../helpers/counting-listener';

const serviceAccountKey = (tokenUri: string) =>
  JSON.stringify({
    type: 'service_account',
    project_id: 'ferry-test',
    private_key_id: 'k1',
    private_key: rsaKeyPair().privateKey,
    client_email: 'reader@ferry-test.iam.gserviceaccount.com',
    token_uri: tokenUri,
  });

/**
 * Sources that speak HTTP go through ctx.http (the engine's guarded agent), or, for a private CA, through the SDK's
 * sourceAgent: either way link-local and metadata addresses are refused, on the name and on every resolved address.
 */
describe('HTTP sources refuse link-local and cloud metadata addresses', () => {
  const listener = useCountingListener();
  let restore: (() => void) | undefined;
  afterEach(() => restore?.());

  /** `rebound.example.test` resolves to 127.0.0.1 (where the listener counts connections) and to a link-local address. */
  function rebind(): void {
    restore = useSourceResolver(((hostname: string, options: unknown, callback: (...args: unknown[]) => void) => {
      if (hostname !== 'rebound.example.test') return callback(Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' }));
      const addresses: LookupAddress[] = [
        { address: '127.0.0.1', family: 4 },
        { address: '169.254.169.254', family: 4 },
      ];
      const all = typeof options === 'object' && options !== null && (options as { all?: boolean }).all;
      return all ? callback(null, addresses) : callback(null, addresses[0].address, 4);
    }) as never);
  }

  const spreadsheet = '1AbCdEfGhIjKlMnOpQrStUvWxYz0123456789abcdefg';
  const cases: Array<{ name: string; plugin: Plugin; config: (origin: string) => Record<string, unknown> }> = [
    { name: 'Elasticsearch', plugin: elasticsearchSource as Plugin, config: (origin) => ({ url: origin, apiKey: 'a2V5OnNlY3JldA==' }) },
    {
      name: 'Elasticsearch with its own CA',
      plugin: elasticsearchSource as Plugin,
      config: (origin) => ({ url: origin, apiKey: 'a2V5OnNlY3JldA==', caCertificate: testCaCertificate() }),
    },
    {
      name: 'Databricks',
      plugin: databricksSource as Plugin,
      config: (origin) => ({ host: origin, httpPath: '/sql/1.0/warehouses/abc', token: 'dapi123' }),
    },
    {
      name: 'Snowflake',
      plugin: snowflakeSource as Plugin,
      config: (origin) => ({
        account: 'ferrytest',
        user: 'ferry',
        privateKey: rsaKeyPair().privateKey,
        warehouse: 'WH',
        database: 'DB',
        endpoint: origin,
      }),
    },
    {
      name: 'BigQuery (token exchange)',
      plugin: bigQuerySource as Plugin,
      config: (origin) => ({ serviceAccountKey: serviceAccountKey(`${origin}/token`) }),
    },
    {
      name: 'Google Sheets (token exchange)',
      plugin: googleSheetsSource as Plugin,
      config: (origin) => ({ serviceAccountKey: serviceAccountKey(`${origin}/token`), spreadsheet }),
    },
  ];

  const refusal = async (plugin: Plugin, config: Record<string, unknown>) =>
    (plugin as { test(config: unknown, ctx: unknown): Promise<void> })
      .test(plugin.config.parse(config), pluginContext({ dispatcher: guardedSourceAgent() }))
      .then(
        () => assert.fail('the connection test passed'),
        (failure: unknown) => failure as { code: string; message: string },
      );

  for (const { name, plugin, config } of cases) {
    test(`${name}: the metadata address is refused, naming the rule`, async () => {
      const error = await refusal(plugin, config('https://169.254.169.254'));
      assert.equal(error.code, 'CONNECTION_FAILED', error.message);
      assert.match(error.message, /169\.254\.169\.254 is a link-local or cloud metadata address/);
    });

    test(`${name}: a name resolving to a link-local address is refused at connect time, and nothing is sent`, async () => {
      rebind();
      const before = listener.connections;
      const error = await refusal(plugin, config(`https://rebound.example.test:${listener.port}`));
      assert.match(error.message, /Refused to connect to rebound\.example\.test: 169\.254\.169\.254 is a link-local or cloud metadata address/);
      assert.equal(listener.connections, before, 'no connection reached any address of the name');
    });
  }
});

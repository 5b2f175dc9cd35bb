import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, test } from '@jest/globals';
import type { Plugin } from '../../src/plugins/contract';
import { databricksSource } from '../../src/plugins/sources/databricks';
import { elasticsearchSource } from '../../src/plugins/sources/elasticsearch';
import { bigQuerySource } from '../../src/plugins/sources/google/bigquery';
import { googleSheetsSource } from '../../src/plugins/sources/google/sheets';
import { snowflakeSource } from '../../src/plugins/sources/snowflake';
import { rsaKeyPair } from '../fakes/snowflake';
import { pluginContext } from '../helpers/plugin-context';

/** What a proxy, or whatever answers at a wrong URL, might put in its page: never to be repeated to the user. */
const MARKER = 'db_password=hunter2';

/** Answers every request with a 502 HTML page carrying MARKER in its title, except a token endpoint at /token. */
function startProxyPage(): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    if (req.url === '/token') {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ access_token: 'token', expires_in: 3600, token_type: 'Bearer' }));
      return;
    }
    res
      .writeHead(502, { 'content-type': 'text/html' })
      .end(`<html><head><title>502 Bad Gateway ${MARKER}</title></head><body>${MARKER}</body></html>`);
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve({ url: `http://127.0.0.1:${(server.address() as { port: number }).port}`, server })),
  );
}

const serviceAccountKey = (tokenUri: string) =>
  JSON.stringify({
    type: 'service_account',
    project_id: 'ferry-test',
    private_key_id: 'k1',
    private_key: generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
    client_email: 'reader@ferry-test.iam.gserviceaccount.com',
    token_uri: tokenUri,
  });

describe('plugins never repeat a remote body that is not the service’s documented error JSON', () => {
  let proxy: Awaited<ReturnType<typeof startProxyPage>>;
  beforeAll(async () => {
    proxy = await startProxyPage();
  });
  afterAll(async () => {
    await new Promise((resolve) => proxy.server.close(resolve));
  });

  const spreadsheet = '1AbCdEfGhIjKlMnOpQrStUvWxYz0123456789abcdefg';
  const cases: Array<{ name: string; plugin: Plugin; config: () => Record<string, unknown> }> = [
    { name: 'Elasticsearch', plugin: elasticsearchSource as Plugin, config: () => ({ url: proxy.url, apiKey: 'a2V5OnNlY3JldA==' }) },
    {
      name: 'Databricks',
      plugin: databricksSource as Plugin,
      config: () => ({ host: proxy.url, httpPath: '/sql/1.0/warehouses/abc', token: 'dapi123' }),
    },
    {
      name: 'Snowflake',
      plugin: snowflakeSource as Plugin,
      config: () => ({
        account: 'ferrytest',
        user: 'ferry',
        privateKey: rsaKeyPair().privateKey,
        warehouse: 'WH',
        database: 'DB',
        endpoint: proxy.url,
      }),
    },
    {
      name: 'BigQuery',
      plugin: bigQuerySource as Plugin,
      config: () => ({ serviceAccountKey: serviceAccountKey(`${proxy.url}/token`), apiUrl: proxy.url }),
    },
    {
      name: 'Google Sheets',
      plugin: googleSheetsSource as Plugin,
      config: () => ({ serviceAccountKey: serviceAccountKey(`${proxy.url}/token`), spreadsheet, apiUrl: proxy.url }),
    },
    {
      name: "Google's token exchange",
      plugin: googleSheetsSource as Plugin,
      config: () => ({ serviceAccountKey: serviceAccountKey(`${proxy.url}/oauth2/token`), spreadsheet, apiUrl: proxy.url }),
    },
  ];

  for (const { name, plugin, config } of cases) {
    test(`${name}: a 502 HTML page is described by status and kind, its text never quoted`, async () => {
      const parsed = plugin.config.parse(config());
      const error = await (plugin as { test(config: unknown, ctx: unknown): Promise<void> }).test(parsed, pluginContext()).then(
        () => assert.fail('the connection test passed'),
        (failure: unknown) => failure as Error,
      );
      assert.doesNotMatch(error.message, /hunter2|Bad Gateway|<title>/, error.message);
      assert.match(error.message, /502/, error.message);
    });
  }
});

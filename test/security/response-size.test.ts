import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, test } from '@jest/globals';
import { request } from 'undici';
import { guardedAgent, guardedSourceAgent } from '../../src/engine/http/guarded-agent';
import { capResponseBytes } from '../../src/engine/http/response-size-interceptor';
import { responseCap, type Plugin } from '../../src/plugins/contract';
import { databricksSource } from '../../src/plugins/sources/databricks';
import { elasticsearchSource } from '../../src/plugins/sources/elasticsearch';
import { bigQuerySource } from '../../src/plugins/sources/google/bigquery';
import { googleSheetsSource } from '../../src/plugins/sources/google/sheets';
import { snowflakeSource } from '../../src/plugins/sources/snowflake';
import { partitionRows } from '../../src/plugins/sources/snowflake/partition-rows';
import { rsaKeyPair } from '../fakes/snowflake';
import { pluginContext } from '../helpers/plugin-context';

const CAP = 65_536;

/**
 * A server that answers every request with a 1 MB JSON body (`/chunked/...`: without Content-Length, so only the
 * bytes read can stop it), except its token endpoint, which hands out an access token as Google's does.
 */
function startBloatedServer(): Promise<{ url: string; server: Server; bodiesStarted: () => number }> {
  let started = 0;
  const big = JSON.stringify({ padding: 'x'.repeat(1_000_000) });
  const server = createServer((req, res) => {
    if (req.url === '/token') {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ access_token: 'token', expires_in: 3600, token_type: 'Bearer' }));
      return;
    }
    started += 1;
    res.setHeader('content-type', 'application/json');
    if (!req.url?.startsWith('/chunked')) res.setHeader('content-length', Buffer.byteLength(big));
    res.end(big);
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ url: `http://127.0.0.1:${(server.address() as { port: number }).port}`, server, bodiesStarted: () => started }),
    ),
  );
}

function serviceAccountKey(tokenUri: string): string {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return JSON.stringify({
    type: 'service_account',
    project_id: 'ferry-test',
    private_key_id: 'k1',
    private_key: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
    client_email: 'reader@ferry-test.iam.gserviceaccount.com',
    token_uri: tokenUri,
  });
}

describe("every plugin's HTTP replies are capped (FERRY_MAX_RESPONSE_BYTES)", () => {
  let bloated: Awaited<ReturnType<typeof startBloatedServer>>;
  beforeAll(async () => {
    bloated = await startBloatedServer();
    capResponseBytes(CAP);
  });
  afterAll(async () => {
    capResponseBytes(64 * 1024 * 1024);
    await new Promise((resolve) => bloated.server.close(resolve));
  });

  async function refusalOf(plugin: Plugin, config: Record<string, unknown>): Promise<{ code: string; message: string; extensions?: any }> {
    const parsed = plugin.config.parse(config);
    return (plugin as { test(config: unknown, ctx: unknown): Promise<void> }).test(parsed, pluginContext({ dispatcher: guardedSourceAgent() })).then(
      () => assert.fail('the connection test passed'),
      (failure: unknown) => failure as { code: string; message: string },
    );
  }

  const tooLarge = new RegExp(`larger than ${CAP} bytes \\(FERRY_MAX_RESPONSE_BYTES\\)`);
  const cases: Array<{ name: string; plugin: Plugin; config: () => Record<string, unknown> }> = [
    { name: 'Elasticsearch', plugin: elasticsearchSource as Plugin, config: () => ({ url: `${bloated.url}/chunked`, apiKey: 'a2V5OnNlY3JldA==' }) },
    {
      name: 'Databricks',
      plugin: databricksSource as Plugin,
      config: () => ({ host: bloated.url, httpPath: '/sql/1.0/warehouses/abc', token: 'dapi123' }),
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
        endpoint: bloated.url,
      }),
    },
    {
      name: 'BigQuery',
      plugin: bigQuerySource as Plugin,
      config: () => ({ serviceAccountKey: serviceAccountKey(`${bloated.url}/token`), apiUrl: bloated.url }),
    },
    {
      name: 'Google Sheets',
      plugin: googleSheetsSource as Plugin,
      config: () => ({
        serviceAccountKey: serviceAccountKey(`${bloated.url}/token`),
        spreadsheet: '1AbCdEfGhIjKlMnOpQrStUvWxYz0123456789abcdefg',
        apiUrl: bloated.url,
      }),
    },
    {
      name: "Google's service-account token exchange",
      plugin: googleSheetsSource as Plugin,
      config: () => ({
        serviceAccountKey: serviceAccountKey(`${bloated.url}/oauth2/token`),
        spreadsheet: '1AbCdEfGhIjKlMnOpQrStUvWxYz0123456789abcdefg',
        apiUrl: bloated.url,
      }),
    },
  ];

  for (const { name, plugin, config } of cases) {
    test(`${name}: an oversized reply fails with CONNECTION_FAILED naming the limit and the setting`, async () => {
      const before = bloated.bodiesStarted();
      const error = await refusalOf(plugin, config());
      assert.ok(bloated.bodiesStarted() > before, 'the oversized reply was sent');
      assert.equal(error.code, 'CONNECTION_FAILED', error.message);
      assert.match(error.message, tooLarge);
    });
  }

  test('a request may ask for its own cap (a result partition or chunk read in pieces), and still has one', async () => {
    const agent = guardedAgent('source', { headersTimeout: 5_000, bodyTimeout: 5_000 });
    await assert.rejects(
      request(`${bloated.url}/chunked/a`, { dispatcher: agent }).then((reply) => reply.body.text()),
      tooLarge,
    );
    const lifted = await request(`${bloated.url}/chunked/a`, { dispatcher: agent, ...responseCap(2_000_000) });
    assert.ok((await lifted.body.text()).length > 1_000_000);
    await assert.rejects(
      request(`${bloated.url}/a`, { dispatcher: agent, ...responseCap(100_000) }).then((reply) => reply.body.text()),
      /larger than 100000 bytes \(the plugin's own cap for this reply\)/,
    );
  });

  test('Snowflake: a small gzip reply that unpacks past the cap fails naming the setting; nothing larger is unpacked', async () => {
    const bomb = gzipSync(Buffer.from(JSON.stringify({ message: 'x'.repeat(5_000_000) })));
    assert.ok(bomb.length < CAP, 'the compressed reply itself is under the cap');
    const server = createServer((req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip', 'content-length': bomb.length });
      res.end(bomb);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const endpoint = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
      const config = { account: 'ferrytest', user: 'ferry', privateKey: rsaKeyPair().privateKey, warehouse: 'WH', database: 'DB', endpoint };
      const error = await refusalOf(snowflakeSource as Plugin, config);
      assert.equal(error.code, 'CONNECTION_FAILED', error.message);
      assert.match(error.message, new RegExp(`unpacks to more than ${CAP} bytes \\(FERRY_MAX_RESPONSE_BYTES\\)`));
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  test('Snowflake: a result partition is read row by row whatever it unpacks to, but one row past the cap stops the read', async () => {
    const rows = Array.from({ length: 200 }, (_, i) => [`row ${i}`, 'y'.repeat(1_000)]);
    let read = 0;
    for await (const row of partitionRows(gzipSync(Buffer.from(JSON.stringify({ data: rows }))), true, 10_000)) read += row.length > 0 ? 1 : 0;
    assert.equal(read, 200, 'a partition far larger than the cap, in rows under it, is read whole');
    const huge = gzipSync(Buffer.from(JSON.stringify({ data: [['ok'], ['z'.repeat(2_000_000)]] })));
    const seen: unknown[] = [];
    await assert.rejects(
      (async () => {
        for await (const row of partitionRows(huge, true, 100_000)) seen.push(row);
      })(),
      (error: { code?: string; message: string }) =>
        error.code === 'CONNECTION_FAILED' && /longer than 100000 characters \(FERRY_MAX_RESPONSE_BYTES\)/.test(error.message),
    );
    assert.deepEqual(seen, [['ok']]);
  });
});

import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, test } from '@jest/globals';
import { ConnectionError } from '../../../src/plugins/contract';
import { startFakeActiveCampaign, type FakeActiveCampaign } from '../../fakes/activecampaign';
import { pluginContext } from '../../helpers/plugin-context';
import { plugin } from './test-account';

const KEY = 'k'.repeat(72);

async function listen(handler: Parameters<typeof createServer>[1]): Promise<{ server: Server; url: string }> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

async function close(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

async function failure(apiUrl: string, apiKey = KEY): Promise<ConnectionError> {
  const error = await plugin.test({ apiUrl, apiKey }, pluginContext()).then(
    () => assert.fail('test() should have thrown'),
    (e: unknown) => e,
  );
  assert.ok(error instanceof ConnectionError, `expected a ConnectionError, got ${String(error)}`);
  assert.equal(error.code, 'CONNECTION_FAILED');
  assert.ok(!error.message.includes(apiKey), 'the message never shows the key');
  return error;
}

describe('test()', () => {
  let fake: FakeActiveCampaign;
  beforeAll(async () => {
    fake = await startFakeActiveCampaign({ requestsPerSecond: false });
  });
  afterAll(() => fake.close());

  test('passes with the right URL and key, whatever form the URL was pasted in', async () => {
    for (const apiUrl of [fake.url, `${fake.url}/`, `${fake.url}/api/3`, `${fake.url}/api/3/`]) {
      await plugin.test({ apiUrl, apiKey: fake.apiKey }, pluginContext());
    }
    assert.ok(fake.requests.find('GET', '/users/me').every((e) => e.keyIndex === 0 && e.status === 200));
  });

  test('a rejected key (403) says to copy it again from Settings → Developer', async () => {
    const error = await failure(fake.url, 'wrong-key-123456');
    assert.equal(error.message, 'ActiveCampaign rejected the API key: copy it again from Settings → Developer');
  });

  test('a rejected key answered with 401 reads the same', async () => {
    const strict = await startFakeActiveCampaign({ requestsPerSecond: false, authFailureStatus: 401 });
    try {
      const error = await failure(strict.url, 'wrong-key-123456');
      assert.equal(error.message, 'ActiveCampaign rejected the API key: copy it again from Settings → Developer');
    } finally {
      await strict.close();
    }
  });

  test('a URL serving HTML is not an ActiveCampaign API', async () => {
    const { server, url } = await listen((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' }).end('<html><head><title>Welcome</title></head><body>hi</body></html>');
    });
    try {
      const error = await failure(url);
      assert.match(
        error.message,
        /^http:\/\/127\.0\.0\.1:\d+\/api\/3 is not an ActiveCampaign API \(.*HTML.*\): copy the API URL from Settings → Developer/,
      );
    } finally {
      await close(server);
    }
  });

  test('a URL answering 404 is not an ActiveCampaign API', async () => {
    const { server, url } = await listen((_req, res) => {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('Cannot GET /api/3/users/me');
    });
    try {
      const error = await failure(url);
      assert.match(
        error.message,
        /is not an ActiveCampaign API \(HTTP 404 with a non-JSON body \(text\/plain, 26 bytes\)\): copy the API URL from Settings → Developer/,
      );
    } finally {
      await close(server);
    }
  });

  test('a refused connection names the host and says to check the URL', async () => {
    const { server, url } = await listen(() => undefined);
    await close(server);
    const error = await failure(url);
    assert.match(error.message, /^127\.0\.0\.1:\d+ refused the connection \(ECONNREFUSED\): check the API URL and port$/);
  });

  test('a host that does not resolve says so', async () => {
    const error = await failure('https://no-such-account.invalid');
    assert.match(
      error.message,
      /^The host no-such-account\.invalid could not be found \((ENOTFOUND|EAI_AGAIN)\): check the API URL \(Settings → Developer\)$/,
    );
  });

  test('a TLS failure says the secure connection failed', async () => {
    const { server, url } = await listen((_req, res) => res.end('plain http'));
    try {
      const error = await failure(url.replace('http://', 'https://'));
      assert.match(error.message, /^The secure connection to 127\.0\.0\.1:\d+ failed \(.+\): check the API URL is your account's https address/);
    } finally {
      await close(server);
    }
  });

  test('a server that never answers times out with a clear message', async () => {
    const { server, url } = await listen(() => undefined);
    try {
      const started = Date.now();
      const error = await failure(url);
      assert.match(error.message, /^127\.0\.0\.1:\d+ did not answer within 0\.5 s: check the API URL, or try again later$/);
      assert.ok(Date.now() - started < 3_000);
    } finally {
      await close(server);
    }
  });

  test('an outage (503 HTML page) says to try again later', async () => {
    fake.faults.inject({ path: '/users/me', fault: { type: 'service-unavailable' }, times: 1 });
    const error = await failure(fake.url, fake.apiKey);
    assert.match(
      error.message,
      /^ActiveCampaign could not answer \(HTTP 503 with a non-JSON body \(an HTML page, \d+ bytes\)\): try again in a few minutes$/,
    );
  });
});

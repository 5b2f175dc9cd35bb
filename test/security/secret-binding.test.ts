import assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { createServer as createTcpServer, type AddressInfo } from 'node:net';
import { TLSSocket } from 'node:tls';
import { afterAll, beforeAll, describe, test } from '@jest/globals';
import { Client } from 'pg';
import { z } from 'zod';
import type { SourcePlugin } from '../../src/plugins/contract';
import { sslOption } from '../../src/plugins/sources/postgres/tls';
import { postgresSource } from '../../src/plugins/sources/postgres';
import { useSourceResolver } from '../../src/plugins/contract';
import { selfSignedCertificate } from '../fakes/tds/certificate';
import { pluginContext } from '../helpers/plugin-context';
import { refuseRedirectedSecrets } from '../../src/secrets/secret-bindings';
import { startTestFerry, type TestFerry } from '../helpers/ferry-server';

/** An attacker's HTTP listener: records the headers of every request it gets. */
async function listener(): Promise<{ server: Server; url: string; seen: IncomingHttpHeaders[] }> {
  const seen: IncomingHttpHeaders[] = [];
  const server = createServer((request, response) => {
    seen.push(request.headers);
    response.writeHead(401, { 'content-type': 'application/json' }).end('{"message":"No Result found"}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

describe('stored secrets are bound to where they are sent', () => {
  let ferry: TestFerry;
  beforeAll(async () => {
    ferry = await startTestFerry({ FERRY_ROLE: 'api' });
  });
  afterAll(() => ferry.stop());

  test('a destination moved to another apiUrl without its key is refused, and its key never reaches the new address', async () => {
    const owner = await listener();
    const attacker = await listener();
    try {
      const { createDestination } = await ferry.client.data(
        `mutation($c: JSONObject!) { createDestination(input: { name: "ac", type: "activecampaign", config: $c, skipTest: true }) { id } }`,
        { c: { apiUrl: owner.url, apiKey: 'the-real-key' } },
      );
      const id = createDestination.id;
      const refused = await ferry.client.error(
        `mutation($id: ID!, $c: JSONObject!) { updateDestination(id: $id, input: { config: $c, skipTest: true }) { id } }`,
        {
          id,
          c: { apiUrl: attacker.url },
        },
      );
      assert.equal(refused.code, 'BAD_USER_INPUT');
      assert.match(refused.message, /changing apiUrl .* give apiKey again/);
      // Nothing was stored: the next test still goes to the owner's address, and the attacker sees nothing.
      await ferry.client.data(`mutation($id: ID!) { testDestination(id: $id) { ok } }`, { id });
      assert.equal(attacker.seen.length, 0);
      assert.equal(owner.seen.at(-1)?.['api-token'], 'the-real-key');
      const { destination } = await ferry.client.data(`query($id: ID!) { destination(id: $id) { config } }`, { id });
      assert.equal(destination.config.apiUrl, owner.url);

      // A change that does not move the key needs no key; one that gives the key again may move it.
      await ferry.client.data(
        `mutation($id: ID!) { updateDestination(id: $id, input: { config: { runAutomations: true }, skipTest: true }) { id } }`,
        { id },
      );
      await ferry.client.data(`mutation($id: ID!, $c: JSONObject!) { updateDestination(id: $id, input: { config: $c, skipTest: true }) { id } }`, {
        id,
        c: { apiUrl: attacker.url, apiKey: 'a-new-key' },
      });
      await ferry.client.data(`mutation($id: ID!) { testDestination(id: $id) { ok } }`, { id });
      assert.equal(attacker.seen.at(-1)?.['api-token'], 'a-new-key');
    } finally {
      owner.server.close();
      attacker.server.close();
    }
  });

  test('a postgres source moved to another port (or user, database, ssl) without its password is refused and unchanged', async () => {
    // A fake PostgreSQL server: whatever connects to it is recorded.
    const received: Buffer[] = [];
    const fakePg = createTcpServer((socket) => socket.on('data', (chunk) => received.push(chunk)));
    await new Promise<void>((resolve) => fakePg.listen(0, '127.0.0.1', resolve));
    const fakePort = (fakePg.address() as AddressInfo).port;
    try {
      const { createSource } = await ferry.client.data(
        `mutation($c: JSONObject!) { createSource(input: { name: "wh", type: "postgres", config: $c, skipTest: true }) { id } }`,
        {
          c: { host: '127.0.0.1', port: 5432, database: 'd', user: 'u', password: 'warehouse-password' },
        },
      );
      const id = createSource.id;
      const raw = new Client({ connectionString: ferry.databaseUrl });
      await raw.connect();
      const row = async () => (await raw.query('SELECT config, encrypted_secrets FROM sources WHERE id = $1', [id])).rows[0];
      const before = await row();
      for (const change of [{ port: fakePort }, { user: 'other' }, { database: 'other' }, { ssl: true }, { host: 'localhost' }]) {
        const refused = await ferry.client.error(`mutation($id: ID!, $c: JSONObject!) { updateSource(id: $id, input: { config: $c }) { id } }`, {
          id,
          c: change,
        });
        assert.equal(refused.code, 'BAD_USER_INPUT');
        assert.match(refused.message, new RegExp(`changing ${Object.keys(change)[0]} .*give password again`));
        assert.deepEqual(await row(), before);
      }
      await raw.end();
      assert.equal(received.length, 0);
      // The timeouts do not say where the password goes: they change alone.
      await ferry.client.data(
        `mutation($id: ID!) { updateSource(id: $id, input: { config: { statementTimeoutSeconds: 60 }, skipTest: true }) { id } }`,
        { id },
      );
    } finally {
      fakePg.close();
    }
  });

  test('the postgres source never sends a password in clear text to another machine', async () => {
    const refused = await ferry.client.error(
      `mutation($c: JSONObject!) { createSource(input: { name: "far", type: "postgres", config: $c }) { id } }`,
      {
        c: { host: 'db.example.com', database: 'd', user: 'u', password: 'p', ssl: false },
      },
    );
    assert.equal(refused.code, 'CONNECTION_FAILED');
    assert.match(refused.message, /password to db\.example\.com in clear text: turn ssl on/);
    assert.deepEqual(sslOption({ host: 'db.example.com', ssl: true }), { rejectUnauthorized: true });
    assert.deepEqual(sslOption({ host: '127.0.0.1', ssl: true }), { rejectUnauthorized: false });
    assert.equal(sslOption({ host: 'db.example.com', ssl: false }), false);
  });

  test('with ssl on, a server whose certificate nothing vouches for (a man in the middle) is refused before the password is sent', async () => {
    const { key, cert } = selfSignedCertificate();
    const decrypted: Buffer[] = [];
    const impostor = createTcpServer((socket) => {
      socket.once('data', () => {
        socket.write('S'); // "go ahead with TLS", as PostgreSQL answers an SSLRequest
        const tls = new TLSSocket(socket, { isServer: true, key, cert });
        tls.on('data', (chunk: Buffer) => decrypted.push(chunk));
        tls.on('error', () => undefined);
      });
    });
    await new Promise<void>((resolve) => impostor.listen(0, '127.0.0.1', resolve));
    // The warehouse's name resolves to the impostor: not a loopback host name, so the certificate must verify.
    const restore = useSourceResolver(((_name: string, options: unknown, callback: (...args: unknown[]) => void) =>
      (options as { all?: boolean }).all ? callback(null, [{ address: '127.0.0.1', family: 4 }]) : callback(null, '127.0.0.1', 4)) as never);
    try {
      const config = postgresSource.config.parse({
        host: 'warehouse.example.test',
        port: (impostor.address() as AddressInfo).port,
        database: 'd',
        user: 'u',
        password: 'the-password',
        ssl: true,
      });
      const refused = await postgresSource.test(config, pluginContext()).then(
        () => assert.fail('connected'),
        (error: { code: string; message: string }) => error,
      );
      assert.equal(refused.code, 'CONNECTION_FAILED');
      assert.match(refused.message, /certificate/i);
      assert.equal(Buffer.concat(decrypted).length, 0, 'not a byte (startup message, password) reached the impostor through TLS');
    } finally {
      restore();
      impostor.close();
    }
  });

  test('a plugin that declares no bindings: any non-secret change needs the secrets again', () => {
    const plugin = {
      id: 'x',
      kind: 'source',
      name: 'X',
      version: '1',
      config: z.object({ region: z.string(), label: z.string(), token: z.string().meta({ writeOnly: true }) }),
    } as unknown as SourcePlugin;
    assert.throws(
      () => refuseRedirectedSecrets(plugin, 'Source "x"', { region: 'eu', label: 'a' }, { region: 'eu', label: 'b', token: 't' }, { label: 'b' }),
      /changing label .*give token again/,
    );
    assert.doesNotThrow(() =>
      refuseRedirectedSecrets(
        plugin,
        'Source "x"',
        { region: 'eu', label: 'a' },
        { region: 'eu', label: 'b', token: 't2' },
        { label: 'b', token: 't2' },
      ),
    );
    assert.doesNotThrow(() =>
      refuseRedirectedSecrets(plugin, 'Source "x"', { region: 'eu', label: 'a' }, { region: 'eu', label: 'a', token: 't' }, {}),
    );
  });
});

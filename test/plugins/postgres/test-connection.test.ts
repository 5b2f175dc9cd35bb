import assert from 'node:assert/strict';
import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, test } from '@jest/globals';
import { ConnectionError } from '../../../src/plugins/contract';
import { postgresSource } from '../../../src/plugins/sources/postgres';
import type { PostgresConfig } from '../../../src/plugins/sources/postgres/config';
import { pluginContext } from '../../helpers/plugin-context';
import { postgresFixture } from './postgres-fixture';

/** A TCP server on 127.0.0.1 that hands every accepted socket to `onSocket`. */
async function listen(onSocket: (socket: Socket) => void): Promise<{ server: Server; port: number; sockets: Set<Socket> }> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
    onSocket(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as { port: number }).port, sockets };
}

async function shut(listener: { server: Server; sockets: Set<Socket> }): Promise<void> {
  for (const socket of listener.sockets) socket.destroy();
  await new Promise((resolve) => listener.server.close(resolve));
}

async function connectionFailure(config: PostgresConfig): Promise<ConnectionError> {
  try {
    await postgresSource.test(config, pluginContext());
  } catch (error) {
    assert.ok(error instanceof ConnectionError, `expected a ConnectionError, got ${String(error)}`);
    assert.equal(error.code, 'CONNECTION_FAILED');
    assert.ok(!config.password || !error.message.includes(config.password), 'the message never shows the password');
    return error;
  }
  assert.fail('test() resolved');
}

describe('postgres source: test()', () => {
  let config: PostgresConfig;
  let closeAdmin: () => Promise<void>;

  beforeAll(async () => {
    const fixture = await postgresFixture();
    config = fixture.config;
    closeAdmin = () => fixture.admin.end();
  });
  afterAll(() => closeAdmin());

  test('a closed port: connection refused, naming host and port', async () => {
    const listener = await listen(() => undefined);
    await shut(listener); // the port is now closed
    const error = await connectionFailure({ ...config, port: listener.port });
    assert.equal(
      error.message,
      `Could not connect to 127.0.0.1:${listener.port}: connection refused. Check the host and port and that PostgreSQL accepts TCP connections`,
    );
    assert.equal(error.extensions.reason, 'connection_refused');
  });

  test('a wrong password: names the user, never the password', async () => {
    const error = await connectionFailure({ ...config, password: 'not-the-password-4711' });
    assert.equal(error.extensions.reason, 'authentication_failed');
    assert.match(error.message, new RegExp(`refused the password for user "${config.user}": check the user and password`));
  });

  test('an unknown database: names it', async () => {
    const error = await connectionFailure({ ...config, database: 'no_such_db' });
    assert.equal(error.extensions.reason, 'database_not_found');
    assert.match(error.message, /^Database "no_such_db" does not exist on 127\.0\.0\.1:\d+: check the database name/);
  });

  test('a host that does not resolve: says the DNS lookup failed', async () => {
    const error = await connectionFailure({ ...config, host: 'ferry-test.invalid', password: '' });
    assert.equal(error.extensions.reason, 'host_not_found');
    assert.match(error.message, /Could not find the host "ferry-test\.invalid" \(DNS lookup failed\)/);
  });

  test('a server that accepts but never answers: times out after connectTimeoutSeconds, naming them', async () => {
    const listener = await listen(() => undefined);
    try {
      const started = Date.now();
      const error = await connectionFailure({ ...config, port: listener.port, connectTimeoutSeconds: 0.3 });
      const elapsed = Date.now() - started;
      assert.equal(error.extensions.reason, 'timeout');
      assert.match(error.message, new RegExp(`^Could not connect to 127\\.0\\.0\\.1:${listener.port} within 0\\.3 seconds`));
      assert.ok(elapsed >= 250 && elapsed < 2000, `gave up after ${elapsed} ms`);
    } finally {
      await shut(listener);
    }
  });

  test('ssl on against a server without SSL: says to turn ssl off', async () => {
    const error = await connectionFailure({ ...config, ssl: true });
    assert.equal(error.extensions.reason, 'ssl_not_supported');
    assert.match(error.message, /does not accept SSL connections: turn ssl off/);
  });

  test('ssl off against a server that requires it: says to turn ssl on', async () => {
    // Answers the startup message exactly as PostgreSQL does when pg_hba.conf only has hostssl lines.
    const serverMessage = `no pg_hba.conf entry for host "127.0.0.1", user "${config.user}", database "${config.database}", no encryption`;
    const listener = await listen((socket) => {
      socket.once('data', () => {
        const fields = Buffer.concat(
          [
            ['S', 'FATAL'],
            ['V', 'FATAL'],
            ['C', '28000'],
            ['M', serverMessage],
          ].map(([type, value]) => Buffer.from(`${type}${value}\0`)),
        );
        const body = Buffer.concat([fields, Buffer.from([0])]);
        const header = Buffer.alloc(5);
        header.write('E', 0);
        header.writeInt32BE(body.length + 4, 1);
        socket.end(Buffer.concat([header, body]));
      });
    });
    try {
      const error = await connectionFailure({ ...config, port: listener.port });
      assert.equal(error.extensions.reason, 'ssl_required');
      assert.match(error.message, /requires SSL: turn ssl on/);
      assert.ok(error.message.includes(serverMessage), 'carries the server message');
    } finally {
      await shut(listener);
    }
  });

  test('an aborted signal stops before connecting', async () => {
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(postgresSource.test(config, pluginContext({ signal: controller.signal })), { name: 'AbortError' });
  });
});

import assert from 'node:assert/strict';
import { afterAll, beforeAll, describe, test } from '@jest/globals';
import { WebSocket } from 'ws';
import { spawnFerry } from '../helpers/ferry-process';
import { startTestFerry, type TestFerry } from '../helpers/ferry-server';

/** A graphql-ws connection made by hand: resolves once acknowledged; `closed` gives the close code and when. */
async function openSocket(
  url: string,
  authorization: string,
): Promise<{ socket: WebSocket; closed: Promise<{ code: number; reason: string; at: number }> }> {
  const socket = new WebSocket(url.replace(/^http/, 'ws'), 'graphql-transport-ws');
  const closed = new Promise<{ code: number; reason: string; at: number }>((resolve) =>
    socket.on('close', (code, reason) => resolve({ code, reason: reason.toString(), at: Date.now() })),
  );
  await new Promise<void>((resolve, reject) => {
    socket.on('open', () => socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization } })));
    socket.on('message', (data) => {
      if (JSON.parse(data.toString()).type === 'connection_ack') resolve();
    });
    closed.then(({ code, reason }) => reject(new Error(`closed ${code} ${reason}`)));
  });
  return { socket, closed };
}

async function httpStatus(url: string, authorization: string): Promise<number> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { authorization, 'content-type': 'application/json' },
    body: '{"query":"{ apiTokens { id } }"}',
  });
  await response.text();
  return response.status;
}

describe('API token lifecycle', () => {
  let first: TestFerry;
  let second: TestFerry;
  beforeAll(async () => {
    first = await startTestFerry({ FERRY_ROLE: 'api' });
    second = await startTestFerry({ FERRY_ROLE: 'api', DATABASE_URL: first.databaseUrl });
  });
  afterAll(async () => {
    await second?.stop();
    await first?.stop();
  });

  const create = async (name: string, expiresAt?: Date) =>
    (
      await first.client.data(
        `mutation($name: String!, $at: DateTime) { createApiToken(name: $name, expiresAt: $at) { token apiToken { id name expiresAt revokedAt } } }`,
        {
          name,
          at: expiresAt?.toISOString() ?? null,
        },
      )
    ).createApiToken as { token: string; apiToken: { id: string; name: string } };

  test('HTTP and WebSocket accept the same credentials: "Bearer <token>" and the bare token; apiTokens never shows a token', async () => {
    const { token, apiToken } = await create('both forms');
    for (const authorization of [`Bearer ${token}`, token]) {
      assert.equal(await httpStatus(first.url, authorization), 200, `HTTP with ${authorization === token ? 'a bare token' : 'Bearer'}`);
      const { socket } = await openSocket(first.url, authorization);
      socket.close();
    }
    assert.equal(await httpStatus(first.url, `Bearer ${token}x`), 401);
    const { apiTokens } = await first.client.data('{ apiTokens { id name createdAt expiresAt lastUsedAt revokedAt } }');
    const listed = apiTokens.find((t: { id: string }) => t.id === apiToken.id);
    assert.equal(listed.name, 'both forms');
    assert.ok(listed.lastUsedAt, 'lastUsedAt is kept');
    assert.ok(!JSON.stringify(apiTokens).includes(token));
  });

  test('a revoked token stops at once on HTTP, and its WebSockets in every API process are closed with 4403 within a second', async () => {
    const { token, apiToken } = await create('to revoke');
    // Both processes have checked (and cached) the token, and each holds a socket it opened.
    assert.equal(await httpStatus(first.url, `Bearer ${token}`), 200);
    assert.equal(await httpStatus(second.url, `Bearer ${token}`), 200);
    const onFirst = await openSocket(first.url, `Bearer ${token}`);
    const onSecond = await openSocket(second.url, token);
    const revokedAt = Date.now();
    const { revokeApiToken } = await first.client.data(`mutation($id: ID!) { revokeApiToken(id: $id) { id revokedAt } }`, { id: apiToken.id });
    assert.ok(revokeApiToken.revokedAt);
    assert.equal(await httpStatus(first.url, `Bearer ${token}`), 401, 'the revoking process refuses it at once');
    for (const { closed } of [onFirst, onSecond]) {
      const { code, at } = await closed;
      assert.equal(code, 4403);
      assert.ok(at - revokedAt < 1_000, `closed ${at - revokedAt} ms after the revocation`);
    }
    assert.equal(await httpStatus(second.url, `Bearer ${token}`), 401, 'the other process heard of it');
  });

  test('an expired token stops: its WebSocket is closed with 4403 at the expiry, HTTP refuses it', async () => {
    const expiresAt = new Date(Date.now() + 2_000);
    const { token } = await create('short-lived', expiresAt);
    assert.equal(await httpStatus(first.url, `Bearer ${token}`), 200);
    const { closed } = await openSocket(first.url, `Bearer ${token}`);
    const { code, at } = await closed;
    assert.equal(code, 4403);
    assert.ok(at >= expiresAt.getTime() && at - expiresAt.getTime() < 1_000, `closed ${at - expiresAt.getTime()} ms after the expiry`);
    assert.equal(await httpStatus(first.url, `Bearer ${token}`), 401);
    const refused = await first.client.error(`mutation { createApiToken(name: "past", expiresAt: "2020-01-01T00:00:00Z") { token } }`);
    assert.equal(refused.code, 'BAD_USER_INPUT');
  });

  test('the CLI lists tokens (never their values) and revokes one', async () => {
    const { token, apiToken } = await create('cli');
    assert.equal(await httpStatus(first.url, `Bearer ${token}`), 200, 'checked once, so cached');
    const env = { DATABASE_URL: first.databaseUrl, FERRY_SECRET_KEY: 'a'.repeat(64) };
    const list = spawnFerry('cli', env, ['token', 'list']);
    assert.equal(await list.exited, 0, list.output());
    assert.match(list.output(), new RegExp(`^${apiToken.id}\\tcli\\t`, 'm'));
    assert.ok(!list.output().includes(token));
    const revoke = spawnFerry('cli', env, ['token', 'revoke', apiToken.id]);
    assert.equal(await revoke.exited, 0, revoke.output());
    assert.equal(await httpStatus(first.url, `Bearer ${token}`), 401);
  }, 60_000);
});

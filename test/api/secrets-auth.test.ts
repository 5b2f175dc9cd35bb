import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, test } from '@jest/globals';
import { Client } from 'pg';
import { createApiToken, hashToken } from '../../src/schema/auth';
import { SecretBox } from '../../src/secrets/secret-box';
import { loadOrCreateKeyFile, parseSecretKey } from '../../src/secrets/secret-key';
import { startTestFerry, type TestFerry } from '../helpers/ferry-server';

const password = 'correct horse battery staple';

describe('secrets are encrypted at rest and write-only', () => {
  let ferry: TestFerry;
  beforeAll(async () => {
    ferry = await startTestFerry();
  });
  afterAll(() => ferry.stop());

  test('the stored row holds no plaintext secret; the API returns null; the plugin gets the real value', async () => {
    const { createSource } = await ferry.client.data(
      `mutation($c: JSONObject!) { createSource(input: { name: "s", type: "postgres", config: $c, skipTest: true }) { id config } }`,
      {
        c: { host: '127.0.0.1', database: 'd', user: 'u', password },
      },
    );
    assert.equal(createSource.config.password, null);
    const raw = new Client({ connectionString: ferry.databaseUrl });
    await raw.connect();
    const { rows } = await raw.query('SELECT config::text AS config, encrypted_secrets FROM sources WHERE id = $1', [createSource.id]);
    await raw.end();
    assert.ok(!rows[0].config.includes(password));
    assert.ok(!rows[0].encrypted_secrets.includes(password));
    assert.match(rows[0].encrypted_secrets, /^v2\./);
    const opened = ferry.ferry.secrets.open<Record<string, string>>(rows[0].encrypted_secrets, `sources/${createSource.id}/encrypted_secrets`);
    assert.equal(opened.password, password);
  });

  test('updating without the secret keeps it; giving a new one replaces it', async () => {
    const { sources } = await ferry.client.data('{ sources { id } }');
    const id = sources[0].id;
    await ferry.client.data(
      `mutation { updateSource(id: "${id}", input: { config: { statementTimeoutSeconds: 60, password: null }, skipTest: true }) { id } }`,
    );
    const raw = new Client({ connectionString: ferry.databaseUrl });
    await raw.connect();
    const read = async () => (await raw.query('SELECT config, encrypted_secrets FROM sources WHERE id = $1', [id])).rows[0];
    let row = await read();
    assert.equal(row.config.statementTimeoutSeconds, 60);
    assert.equal(ferry.ferry.secrets.open<Record<string, string>>(row.encrypted_secrets, `sources/${id}/encrypted_secrets`).password, password);
    await ferry.client.data(`mutation { updateSource(id: "${id}", input: { config: { password: "new-one" }, skipTest: true }) { id } }`);
    row = await read();
    assert.equal(ferry.ferry.secrets.open<Record<string, string>>(row.encrypted_secrets, `sources/${id}/encrypted_secrets`).password, 'new-one');
    await raw.end();
  });

  test('AES-256-GCM: tampering is detected, a different key cannot open', () => {
    const box = new SecretBox(Buffer.alloc(32, 1));
    const sealed = box.seal({ apiKey: 'k' }, 'here');
    assert.deepEqual(box.open(sealed, 'here'), { apiKey: 'k' });
    const parts = sealed.split('.');
    parts[3] = Buffer.from('tampered').toString('base64url');
    assert.throws(() => box.open(parts.join('.'), 'here'), /could not be decrypted/);
    assert.throws(() => new SecretBox(Buffer.alloc(32, 2)).open(sealed, 'here'), /not the key it was encrypted with/);
  });

  test('FERRY_SECRET_KEY must be 32 bytes; the embedded key file is generated once with mode 0600', () => {
    assert.throws(() => parseSecretKey('too-short'), /FERRY_SECRET_KEY must be 32 bytes .*openssl rand -base64 32/);
    assert.equal(parseSecretKey('ab'.repeat(32)).length, 32);
    const dir = join(mkdtempSync(join(tmpdir(), 'ferry-key-')), 'data');
    const key = loadOrCreateKeyFile(dir);
    assert.equal(statSync(join(dir, 'secret.key')).mode & 0o777, 0o600);
    assert.deepEqual(loadOrCreateKeyFile(dir), key);
    assert.equal(readFileSync(join(dir, 'secret.key'), 'utf8').trim(), key.toString('base64'));
  });

  test('logs never carry secrets, even at debug level and when things fail', async () => {
    const lines: string[] = [];
    const logged = await startTestFerry({ FERRY_LOG_LEVEL: 'debug' });
    const original = process.stderr.write.bind(process.stderr);
    process.stderr.write = ((chunk: string) => {
      lines.push(String(chunk));
      return true;
    }) as typeof process.stderr.write;
    try {
      const c = { host: '127.0.0.1', port: 1, database: 'd', user: 'u', password, connectTimeoutSeconds: 1 };
      const refused = await logged.client.request(
        `mutation($c: JSONObject!) { createSource(input: { name: "s", type: "postgres", config: $c }) { id } }`,
        { c },
      );
      assert.equal(refused.errors?.[0].extensions?.code, 'CONNECTION_FAILED', 'a save whose test fails is refused (and logged)');
      const { createSource } = await logged.client.data(
        `mutation($c: JSONObject!) { createSource(input: { name: "s", type: "postgres", config: $c, skipTest: true }) { id } }`,
        { c },
      );
      const { testSource } = await logged.client.data(`mutation { testSource(id: "${createSource.id}") { ok message } }`);
      assert.equal(testSource.ok, false);
      const failed = await logged.client.request(`{ previewQuery(sourceId: "${createSource.id}", sql: "SELECT 1") { rows } }`);
      assert.equal(failed.errors?.[0].extensions?.code, 'CONNECTION_FAILED');
      await logged.client.request('mutation { createSource(input: { name: "x", type: "postgres", config: { host: "h" } }) { id } }');
    } finally {
      process.stderr.write = original;
      await logged.stop();
    }
    assert.ok(lines.length > 0, 'something was logged at debug level');
    assert.ok(lines.every((line) => !line.includes(password)));
  });
});

describe('every operation needs a bearer token', () => {
  let ferry: TestFerry;
  beforeAll(async () => {
    ferry = await startTestFerry();
  });
  afterAll(() => ferry.stop());

  test('no token or a wrong token: UNAUTHENTICATED with status 401; health checks need none', async () => {
    for (const client of [ferry.client.withToken(null), ferry.client.withToken('wrong-token-value')]) {
      const result = await client.request('{ sources { id } }');
      assert.equal(result.status, 401);
      assert.equal(result.errors?.[0].extensions?.code, 'UNAUTHENTICATED');
      assert.match(result.errors![0].message, /Authorization: Bearer <token>/);
    }
    assert.equal((await fetch(ferry.url.replace('/graphql', '/healthz'))).status, 200);
    assert.equal((await fetch(ferry.url.replace('/graphql', '/readyz'))).status, 200);
  });

  test('stored tokens are hashed and work; FERRY_API_TOKEN works as a static token', async () => {
    const { token } = await createApiToken(ferry.ferry.db, 'automation');
    const raw = new Client({ connectionString: ferry.databaseUrl });
    await raw.connect();
    const { rows } = await raw.query('SELECT name, token_hash FROM api_tokens');
    await raw.end();
    assert.deepEqual(rows, [{ name: 'automation', token_hash: hashToken(token) }]);
    assert.ok(!JSON.stringify(rows).includes(token));
    assert.equal((await ferry.client.withToken(token).request('{ sources { id } }')).status, 200);
    assert.equal((await ferry.client.request('{ sources { id } }')).status, 200);
  });

  test('a WebSocket without a valid token is closed with 4401', async () => {
    for (const params of [{}, { authorization: 'Bearer wrong-token-value' }]) {
      const socket = ferry.client.webSocket(params);
      const closed = await new Promise<{ code?: number }>((resolve) => {
        socket.subscribe(
          { query: 'subscription { syncRunsUpdated { id } }' },
          { next: () => undefined, error: (e) => resolve(e as { code?: number }), complete: () => resolve({}) },
        );
      });
      assert.equal(closed.code, 4401);
      await socket.dispose();
    }
  });
});

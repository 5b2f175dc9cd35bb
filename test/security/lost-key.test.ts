import assert from 'node:assert/strict';
import { createCipheriv, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, test } from '@jest/globals';
import { Client } from 'pg';
import { SecretBox } from '../../src/secrets/secret-box';
import { createTestDatabase } from '../helpers/database';
import { startTestFerry, type TestFerry } from '../helpers/ferry-server';

const oldKey = randomBytes(32).toString('base64');
const newKey = randomBytes(32).toString('base64');
const sourceConfig = (password: string) => ({ host: '127.0.0.1', port: 1, database: 'd', user: 'u', password });

/** A value as Ferry sealed it before secrets were bound to their row: `v1.`, no associated data. */
function sealV1(key: string, value: unknown): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', Buffer.from(key, 'base64'), iv);
  const ciphertext = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
  return ['v1', iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), ciphertext.toString('base64url')].join('.');
}

describe('a lost or changed FERRY_SECRET_KEY', () => {
  let databaseUrl: string;
  let raw: Client;
  let sourceId: string;
  beforeAll(async () => {
    databaseUrl = await createTestDatabase();
    raw = new Client({ connectionString: databaseUrl });
    await raw.connect();
    const first = await startTestFerry({ DATABASE_URL: databaseUrl, FERRY_SECRET_KEY: oldKey, FERRY_ROLE: 'api' });
    const { createSource } = await first.client.data(
      `mutation($c: JSONObject!) { createSource(input: { name: "Warehouse", type: "postgres", config: $c, skipTest: true }) { id } }`,
      {
        c: sourceConfig('old-password'),
      },
    );
    sourceId = createSource.id;
    await first.stop();
  });
  afterAll(() => raw.end());

  test('start-up with another key is refused, naming the expected key by its fingerprint and how to recover', async () => {
    await assert.rejects(
      () => startTestFerry({ DATABASE_URL: databaseUrl, FERRY_SECRET_KEY: newKey, FERRY_ROLE: 'api' }),
      (error: Error) => {
        assert.match(error.message, new RegExp(`expected the key with fingerprint ${new SecretBox(Buffer.from(oldKey, 'base64')).fingerprint}`));
        assert.match(error.message, /FERRY_ACCEPT_NEW_SECRET_KEY=true/);
        assert.ok(!error.message.includes(oldKey) && !error.message.includes(newKey), 'a key itself is never printed');
        return true;
      },
    );
  });

  describe('adopting the new key', () => {
    let ferry: TestFerry;
    beforeAll(async () => {
      ferry = await startTestFerry({ DATABASE_URL: databaseUrl, FERRY_SECRET_KEY: newKey, FERRY_ROLE: 'api', FERRY_ACCEPT_NEW_SECRET_KEY: 'true' });
    });
    afterAll(() => ferry.stop());

    test('an unreadable secret is named with its source and the fix; an update carrying every secret replaces it', async () => {
      const refused = await ferry.client.error(`mutation($id: ID!) { testSource(id: $id) { ok } }`, { id: sourceId });
      assert.equal(refused.code, 'FAILED_PRECONDITION');
      assert.match(refused.message, /Source "Warehouse" has stored secrets that cannot be decrypted .* Re-enter them: updateSource/);
      const partial = await ferry.client.error(
        `mutation($id: ID!) { updateSource(id: $id, input: { config: { connectTimeoutSeconds: 2 }, skipTest: true }) { id } }`,
        { id: sourceId },
      );
      assert.equal(partial.code, 'FAILED_PRECONDITION', 'keeping a secret that cannot be read is not possible');
      await ferry.client.data(
        `mutation($id: ID!) { updateSource(id: $id, input: { config: { password: "new-password" }, skipTest: true }) { id } }`,
        { id: sourceId },
      );
      const { rows } = await raw.query('SELECT encrypted_secrets FROM sources WHERE id = $1', [sourceId]);
      assert.equal(
        ferry.ferry.secrets.open<{ password: string }>(rows[0].encrypted_secrets, `sources/${sourceId}/encrypted_secrets`).password,
        'new-password',
      );
      // The next start with the new key passes the check.
      const again = await startTestFerry({ DATABASE_URL: databaseUrl, FERRY_SECRET_KEY: newKey, FERRY_ROLE: 'api' });
      await again.stop();
    });

    test('a ciphertext copied to another row does not open there', async () => {
      const { createSource } = await ferry.client.data(
        `mutation($c: JSONObject!) { createSource(input: { name: "Elsewhere", type: "postgres", config: $c, skipTest: true }) { id } }`,
        {
          c: { ...sourceConfig('other'), host: 'localhost' },
        },
      );
      await raw.query('UPDATE sources SET encrypted_secrets = (SELECT encrypted_secrets FROM sources WHERE id = $1) WHERE id = $2', [
        sourceId,
        createSource.id,
      ]);
      const refused = await ferry.client.error(`mutation($id: ID!) { testSource(id: $id) { ok } }`, { id: createSource.id });
      assert.equal(refused.code, 'FAILED_PRECONDITION');
      assert.match(refused.message, /Source "Elsewhere" has stored secrets that cannot be decrypted/);
    });
  });

  test('secrets sealed before binding (v1) still open and are rewritten bound at the next start', async () => {
    await raw.query('UPDATE sources SET encrypted_secrets = $1 WHERE id = $2', [sealV1(newKey, { password: 'legacy' }), sourceId]);
    const ferry = await startTestFerry({ DATABASE_URL: databaseUrl, FERRY_SECRET_KEY: newKey, FERRY_ROLE: 'api' });
    try {
      const { rows } = await raw.query('SELECT encrypted_secrets FROM sources WHERE id = $1', [sourceId]);
      assert.match(rows[0].encrypted_secrets, /^v2\./);
      assert.equal(
        ferry.ferry.secrets.open<{ password: string }>(rows[0].encrypted_secrets, `sources/${sourceId}/encrypted_secrets`).password,
        'legacy',
      );
    } finally {
      await ferry.stop();
    }
  });
});

import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { describe, test } from '@jest/globals';
import { FailedPreconditionError } from '../../src/errors';
import type { Plugin } from '../../src/plugins/contract';
import { postgresSource } from '../../src/plugins/sources/postgres';
import { sealConfig, secretKeys } from '../../src/secrets/config-secrets';
import { secretsContext } from '../../src/secrets/endpoint-secrets';
import { SecretBox } from '../../src/secrets/secret-box';
import { changedSecretNames, storedSecretNames } from '../../src/secrets/secret-comparison';

const plugin = postgresSource as Plugin;
const box = new SecretBox(randomBytes(32));

function storedSource(password: string | undefined, sealedWith = box) {
  const id = randomUUID();
  const config = { host: 'db.example.com', port: 5432, database: 'd', user: 'u', ...(password === undefined ? {} : { password }) };
  return { id, name: 'warehouse', ...sealConfig(config, secretKeys(plugin.config), sealedWith, secretsContext('sources', id)) };
}

describe('comparing secrets without showing them (Source/Destination storedSecrets and changedSecrets)', () => {
  test('storedSecrets names the secrets that have a value; an empty one counts as none', () => {
    assert.deepEqual(storedSecretNames(plugin, 'sources', storedSource('s3cret'), box), ['password']);
    assert.deepEqual(storedSecretNames(plugin, 'sources', storedSource(''), box), []);
    assert.deepEqual(storedSecretNames(plugin, 'sources', storedSource(undefined), box), []);
  });

  test('changedSecrets names only the given secrets whose value differs from the stored one', () => {
    const stored = storedSource('s3cret');
    assert.deepEqual(changedSecretNames(plugin, 'sources', stored, box, { password: 's3cret' }), []);
    assert.deepEqual(changedSecretNames(plugin, 'sources', stored, box, { password: 's3cret ' }), ['password']);
    assert.deepEqual(changedSecretNames(plugin, 'sources', stored, box, { password: '' }), ['password']);
    assert.deepEqual(changedSecretNames(plugin, 'sources', stored, box, { host: 'elsewhere' }), [], 'not a secret, and no secret given');
    assert.deepEqual(changedSecretNames(plugin, 'sources', storedSource(undefined), box, { password: '' }), [], 'empty and none are the same');
    assert.deepEqual(changedSecretNames(plugin, 'sources', storedSource(undefined), box, { password: 'new' }), ['password']);
  });

  test('secrets this key cannot open count as changed (giving them replaces them); storedSecrets refuses, naming the fix', () => {
    const sealedElsewhere = storedSource('s3cret', new SecretBox(randomBytes(32)));
    assert.deepEqual(changedSecretNames(plugin, 'sources', sealedElsewhere, box, { password: 's3cret' }), ['password']);
    assert.throws(
      () => storedSecretNames(plugin, 'sources', sealedElsewhere, box),
      (error: Error) => error instanceof FailedPreconditionError && /cannot be decrypted with this FERRY_SECRET_KEY/.test(error.message),
    );
  });
});

import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, test } from '@jest/globals';
import { z } from 'zod';
import { apiOrigin, snowflakeConfig } from '../../../src/plugins/sources/snowflake/config';
import { rsaKeyPair } from '../../fakes/snowflake';

const { privateKey } = rsaKeyPair();
const base = { account: 'myorg-myaccount', user: 'ferry', privateKey, warehouse: 'COMPUTE_WH', database: 'ANALYTICS' };

function problems(input: Record<string, unknown>): Record<string, string> {
  const parsed = snowflakeConfig.strict().safeParse(input);
  expect(parsed.success).toBe(false);
  return Object.fromEntries(parsed.error!.issues.map((issue) => [issue.path.join('.'), issue.message]));
}

describe('snowflake source: config', () => {
  test('defaults: schema PUBLIC, no role, no endpoint, 900 s statement timeout, 30 s request timeout', () => {
    const config = snowflakeConfig.parse(base);
    expect(config).toMatchObject({
      schema: 'PUBLIC',
      role: '',
      endpoint: '',
      privateKeyPassphrase: '',
      statementTimeoutSeconds: 900,
      requestTimeoutSeconds: 30,
    });
    expect(apiOrigin(config)).toBe('https://myorg-myaccount.snowflakecomputing.com');
    expect(apiOrigin(snowflakeConfig.parse({ ...base, account: 'XY12345.us-east-2.aws' }))).toBe(
      'https://xy12345.us-east-2.aws.snowflakecomputing.com',
    );
    expect(apiOrigin(snowflakeConfig.parse({ ...base, account: 'my_org-my_account' }))).toBe('https://my-org-my-account.snowflakecomputing.com');
  });

  test('the private key and its passphrase are secrets (writeOnly in the JSON Schema)', () => {
    const schema = z.toJSONSchema(snowflakeConfig, { io: 'input' }) as { properties: Record<string, { writeOnly?: boolean }>; required: string[] };
    expect(schema.properties.privateKey.writeOnly).toBe(true);
    expect(schema.properties.privateKeyPassphrase.writeOnly).toBe(true);
    expect(schema.properties.user.writeOnly).toBeUndefined();
    expect(schema.required.sort()).toEqual(['account', 'database', 'privateKey', 'user', 'warehouse']);
  });

  test('missing settings each name what to give', () => {
    expect(problems({})).toMatchObject({
      account: expect.stringMatching(/^required: the account identifier/),
      user: expect.stringMatching(/^required: the Snowflake user/),
      privateKey: expect.stringMatching(/^required: the PEM private key/),
      warehouse: expect.stringMatching(/^required: the warehouse/),
      database: expect.stringMatching(/^required: the database/),
    });
    expect(problems({ ...base, account: 'https://myorg-myaccount.snowflakecomputing.com' }).account).toMatch(/not a URL/);
  });

  test('a malformed key, a public key, an encrypted key without its passphrase, a wrong passphrase: each names the setting', () => {
    expect(problems({ ...base, privateKey: 'not a key' }).privateKey).toMatch(/^not a PEM private key: paste the whole PEM file/);
    expect(problems({ ...base, privateKey: '-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----' }).privateKey).toMatch(
      /^the private key cannot be read/,
    );
    expect(problems({ ...base, privateKey: rsaKeyPair().publicKey }).privateKey).toMatch(/^this is a public key: give the private key instead/);
    const encrypted = rsaKeyPair('s3cret').privateKey;
    expect(problems({ ...base, privateKey: encrypted }).privateKeyPassphrase).toBe(
      'the private key is encrypted: give the passphrase it was created with',
    );
    expect(problems({ ...base, privateKey: encrypted, privateKeyPassphrase: 'wrong' }).privateKeyPassphrase).toBe(
      'the passphrase does not decrypt the private key: check privateKeyPassphrase',
    );
    expect(snowflakeConfig.safeParse({ ...base, privateKey: encrypted, privateKeyPassphrase: 's3cret' }).success).toBe(true);
    const ec = generateKeyPairSync('ec', {
      namedCurve: 'prime256v1',
      privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
      publicKeyEncoding: { type: 'spki', format: 'pem' },
    });
    expect(problems({ ...base, privateKey: ec.privateKey }).privateKey).toMatch(/the key is ec: Snowflake key-pair authentication needs an RSA key/);
  });

  test('a key pasted with literal \\n instead of line breaks is still read', () => {
    expect(snowflakeConfig.safeParse({ ...base, privateKey: privateKey.replaceAll('\n', '\\n') }).success).toBe(true);
  });

  test('endpoint: https anywhere, plain http only to this machine, an origin without path', () => {
    expect(snowflakeConfig.safeParse({ ...base, endpoint: 'https://myorg-myaccount.privatelink.snowflakecomputing.com' }).success).toBe(true);
    expect(snowflakeConfig.safeParse({ ...base, endpoint: 'http://127.0.0.1:4200' }).success).toBe(true);
    expect(problems({ ...base, endpoint: 'http://snowflake.example.com' }).endpoint).toMatch(/must start with https:\/\//);
    expect(problems({ ...base, endpoint: 'https://x.example.com/api/v2' }).endpoint).toMatch(/without a path/);
    expect(problems({ ...base, endpoint: 'nope' }).endpoint).toMatch(/is not a URL/);
  });

  test("statementTimeoutSeconds stays within Snowflake's 0 … 604800", () => {
    expect(problems({ ...base, statementTimeoutSeconds: 604801 }).statementTimeoutSeconds).toMatch(/at most 604800/);
    expect(problems({ ...base, statementTimeoutSeconds: -1 }).statementTimeoutSeconds).toMatch(/0 \(Snowflake's maximum, 7 days\) or more/);
  });
});

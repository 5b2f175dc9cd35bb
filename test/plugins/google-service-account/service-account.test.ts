import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { createPublicKey, verify } from 'node:crypto';
import { ConnectionError } from '../../../src/plugins/contract';
import { forgetAccessTokens, parseServiceAccountKey } from '../../../src/plugins/sources/google/service-account';
import { signAssertion } from '../../../src/plugins/sources/google/service-account/jwt-assertion';
import { googleSheetsSource } from '../../../src/plugins/sources/google/sheets';
import { pluginContext } from '../../helpers/plugin-context';
import { startSilentServer } from '../../helpers/silent-server';
import { startSheetsSetup, type SheetsSetup } from '../google-sheets/sheets-fake-setup';

const decode = (part: string) => JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));

describe('the Google service-account module', () => {
  let setup: SheetsSetup;
  let silent: Awaited<ReturnType<typeof startSilentServer>>;
  beforeAll(async () => {
    setup = await startSheetsSetup();
    silent = await startSilentServer();
  });
  afterAll(async () => {
    await setup.fake.close();
    await silent.close();
  });

  test('the assertion is an RS256 JWT: iss the account, the scopes, aud the token_uri, an hour long, signed by the key', () => {
    const key = parseServiceAccountKey(setup.account.keyJson);
    const [header, claims, signature] = signAssertion(key, ['https://a/scope', 'https://b/scope'], 1_700_000_000).split('.');
    expect(decode(header)).toEqual({ alg: 'RS256', typ: 'JWT', kid: JSON.parse(setup.account.keyJson).private_key_id });
    expect(decode(claims)).toEqual({
      iss: setup.account.email,
      scope: 'https://a/scope https://b/scope',
      aud: setup.fake.tokenUri,
      iat: 1_700_000_000,
      exp: 1_700_003_600,
    });
    expect(verify('RSA-SHA256', Buffer.from(`${header}.${claims}`), createPublicKey(key.privateKey), Buffer.from(signature, 'base64url'))).toBe(true);
  });

  test('a token the API stops accepting (401) is dropped and replaced once, without failing the call', async () => {
    const sheet = setup.fake.addSpreadsheet('Tokens', [{ title: 'Sheet1', cells: [['a']] }], [setup.account.email]);
    const config = setup.config(sheet.id);
    forgetAccessTokens();
    await googleSheetsSource.test(config, pluginContext());
    const issued = setup.fake.tokens.issued;
    setup.fake.tokens.expireAll();
    await googleSheetsSource.test(config, pluginContext());
    expect(setup.fake.tokens.issued).toBe(issued + 1);
  });

  test('an API address that refuses connections, and one that never answers, are ConnectionErrors naming the host and the fix', async () => {
    const sheet = setup.fake.addSpreadsheet('Net', [{ title: 'Sheet1' }], [setup.account.email]);
    const refused = await googleSheetsSource
      .test({ ...setup.config(sheet.id), apiUrl: 'http://127.0.0.1:1' }, pluginContext())
      .catch((error: unknown) => error as Error);
    expect(refused).toBeInstanceOf(ConnectionError);
    expect(refused?.message).toMatch(/^Could not reach 127\.0\.0\.1:1 \(ECONNREFUSED\)/);
    const started = Date.now();
    const timedOut = await googleSheetsSource
      .test({ ...setup.config(sheet.id), apiUrl: silent.url, requestTimeoutSeconds: 1 }, pluginContext())
      .catch((error: unknown) => error as Error);
    expect(timedOut).toBeInstanceOf(ConnectionError);
    expect(timedOut?.message).toMatch(
      new RegExp(`^${new URL(silent.url).host.replaceAll('.', '\\.')} did not answer within 1 seconds: .*raise requestTimeoutSeconds`),
    );
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  test('the API URL must be https, or http to a loopback address', () => {
    const parse = (apiUrl: string) => googleSheetsSource.config.safeParse({ ...setup.config('1aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'), apiUrl });
    expect(parse('http://sheets.example.com').error?.issues[0].message).toMatch(/must start with https:\/\//);
    expect(parse('https://sheets.example.com/v4').error?.issues[0].message).toMatch(/bare origin/);
    expect(parse('https://sheets.example.com').success).toBe(true);
    expect(parse('http://localhost:8080').success).toBe(true);
  });
});

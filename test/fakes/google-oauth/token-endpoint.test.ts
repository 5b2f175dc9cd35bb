import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { generateKeyPairSync } from 'node:crypto';
import { startFakeSheets, type FakeSheets } from '../google-sheets';
import { claimsFor, jwt, postGrant } from './fetch-token';
import type { FakeServiceAccount } from './service-accounts';

const SCOPE = 'https://www.googleapis.com/auth/spreadsheets.readonly';

describe('fake Google OAuth token endpoint (JWT-bearer grant for service accounts)', () => {
  let fake: FakeSheets;
  let account: FakeServiceAccount;
  let privateKey: string;
  beforeAll(async () => {
    fake = await startFakeSheets();
    account = fake.createServiceAccount('reader', 'demo-project');
    privateKey = JSON.parse(account.keyJson).private_key;
  });
  afterAll(() => fake.close());

  test('the key file has the fields Google puts in one, token_uri pointing at the fake', () => {
    const key = JSON.parse(account.keyJson);
    expect(key).toMatchObject({
      type: 'service_account',
      project_id: 'demo-project',
      client_email: 'reader@demo-project.iam.gserviceaccount.com',
      token_uri: fake.tokenUri,
    });
    expect(key.private_key).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
    expect(key.private_key_id).toMatch(/^[0-9a-f]{40}$/);
  });

  test("a JWT signed with the account's key gets { access_token, expires_in, token_type: Bearer }", async () => {
    const { status, body } = await postGrant(fake.tokenUri, jwt(claimsFor(account.keyJson, SCOPE), privateKey));
    expect(status).toBe(200);
    expect(body).toEqual({ access_token: expect.stringMatching(/^ya29\./), expires_in: 3599, token_type: 'Bearer' });
  });

  test('a JWT signed with another key is refused: 400 invalid_grant "Invalid JWT Signature."', async () => {
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    expect(await postGrant(fake.tokenUri, jwt(claimsFor(account.keyJson, SCOPE), other))).toEqual({
      status: 400,
      body: { error: 'invalid_grant', error_description: 'Invalid JWT Signature.' },
    });
  });

  test('the audience must be the token endpoint, and the JWT must live at most an hour', async () => {
    const claims = claimsFor(account.keyJson, SCOPE);
    const wrongAudience = await postGrant(fake.tokenUri, jwt({ ...claims, aud: 'https://oauth2.googleapis.com/token' }, privateKey));
    expect(wrongAudience.status).toBe(400);
    expect(wrongAudience.body.error_description).toMatch(/Failed audience check/);
    const tooLong = await postGrant(fake.tokenUri, jwt({ ...claims, exp: claims.iat + 7200 }, privateKey));
    expect(tooLong.body).toEqual({
      error: 'invalid_grant',
      error_description: expect.stringMatching(/^Invalid JWT: Token must be a short-lived token \(60 minutes\)/),
    });
    const expired = await postGrant(fake.tokenUri, jwt({ ...claims, iat: claims.iat - 7200, exp: claims.iat - 3600 }, privateKey));
    expect(expired.body.error).toBe('invalid_grant');
  });

  test('an unknown account, a missing scope, a wrong grant type and a malformed assertion are refused', async () => {
    const claims = claimsFor(account.keyJson, SCOPE);
    expect(
      (await postGrant(fake.tokenUri, jwt({ ...claims, iss: 'nobody@demo-project.iam.gserviceaccount.com' }, privateKey))).body.error_description,
    ).toMatch(/account not found/);
    expect((await postGrant(fake.tokenUri, jwt({ ...claims, scope: undefined }, privateKey))).body.error).toBe('invalid_scope');
    expect((await postGrant(fake.tokenUri, jwt(claims, privateKey), 'client_credentials')).body.error).toBe('unsupported_grant_type');
    expect((await postGrant(fake.tokenUri, 'not-a-jwt')).body).toEqual({ error: 'invalid_grant', error_description: 'Invalid JWT: Malformed' });
  });
});

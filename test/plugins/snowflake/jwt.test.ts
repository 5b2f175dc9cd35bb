import { createVerify } from 'node:crypto';
import { describe, expect, test } from '@jest/globals';
import { jwtAccount, JwtSource, qualifiedUser, signJwt } from '../../../src/plugins/sources/snowflake/jwt';
import { signingKey } from '../../../src/plugins/sources/snowflake/private-key';
import { publicKeyFingerprint, rsaKeyPair } from '../../fakes/snowflake';

const pair = rsaKeyPair();
const key = signingKey(pair.privateKey, '');

function decode(token: string): { header: Record<string, unknown>; payload: Record<string, any>; signed: boolean } {
  const [header, payload, signature] = token.split('.');
  const parse = (part: string) => JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
  const signed = createVerify('RSA-SHA256').update(`${header}.${payload}`).verify(pair.publicKey, Buffer.from(signature, 'base64url'));
  return { header: parse(header), payload: parse(payload), signed };
}

describe('snowflake source: key-pair JWT', () => {
  test("the fingerprint is DESCRIBE USER's RSA_PUBLIC_KEY_FP: SHA256: and the base64 SHA-256 of the public key's DER", () => {
    expect(key.fingerprint).toBe(publicKeyFingerprint(pair.publicKey));
    expect(key.fingerprint).toMatch(/^SHA256:[A-Za-z0-9+/]{43}=$/);
  });

  test('claims as documented: iss ACCOUNT.USER.SHA256:…, sub ACCOUNT.USER, RS256, signed by the private key, at most one hour', () => {
    const now = Date.UTC(2026, 0, 1);
    const { token, expiresAtMs } = signJwt('myorg-myaccount', 'ferry_reader', key, now);
    const { header, payload, signed } = decode(token);
    expect(header).toEqual({ alg: 'RS256', typ: 'JWT' });
    expect(payload).toEqual({
      iss: `MYORG-MYACCOUNT.FERRY_READER.${key.fingerprint}`,
      sub: 'MYORG-MYACCOUNT.FERRY_READER',
      iat: now / 1000,
      exp: now / 1000 + 3540,
    });
    expect(signed).toBe(true);
    expect(expiresAtMs - now).toBeLessThanOrEqual(3600 * 1000);
  });

  test('the account part drops the region and cloud of a locator and is upper case; an org-account name keeps its dash', () => {
    expect(jwtAccount('xy12345.us-east-2.aws')).toBe('XY12345');
    expect(jwtAccount('xy12345.eu-west-1.snowflakecomputing.com')).toBe('XY12345');
    expect(jwtAccount('myorg-myaccount')).toBe('MYORG-MYACCOUNT');
    expect(qualifiedUser('xy12345.us-east-2.aws', 'Jane')).toBe('XY12345.JANE');
  });

  test('a JwtSource reuses its token and signs a new one when less than five minutes are left', () => {
    const source = new JwtSource('acct', 'u', key);
    const start = Date.UTC(2026, 0, 1);
    const first = source.token(start);
    expect(source.token(start + 50 * 60 * 1000)).toBe(first);
    const renewed = source.token(start + 55 * 60 * 1000);
    expect(renewed).not.toBe(first);
    expect(decode(renewed).payload.iat).toBe((start + 55 * 60 * 1000) / 1000);
  });
});

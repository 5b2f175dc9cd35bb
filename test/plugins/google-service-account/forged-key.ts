import { generateKeyPairSync } from 'node:crypto';

/** The same service account key file with another private key: what Google refuses as "Invalid JWT Signature.". */
export function forgedKey(keyJson: string): string {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return JSON.stringify({ ...JSON.parse(keyJson), private_key: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString() });
}

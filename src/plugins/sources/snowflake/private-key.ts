import { createHash, createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { PluginConfigError } from '../../contract';

/** The user's RSA key, ready to sign, and the fingerprint Snowflake knows its public half by. */
export interface SigningKey {
  privateKey: KeyObject;
  /** `SHA256:` + base64 of the SHA-256 of the public key's DER (SubjectPublicKeyInfo): DESCRIBE USER's RSA_PUBLIC_KEY_FP. */
  fingerprint: string;
}

/** Which setting a key problem is about, and what to tell the user. */
export interface KeyProblem {
  field: 'privateKey' | 'privateKeyPassphrase';
  message: string;
}

const PEM_HINT = 'paste the whole PEM file (rsa_key.p8), from -----BEGIN PRIVATE KEY----- (or -----BEGIN ENCRYPTED PRIVATE KEY-----) to its END line';

function fingerprintOf(privateKey: KeyObject): string {
  const der = createPublicKey(privateKey).export({ type: 'spki', format: 'der' });
  return `SHA256:${createHash('sha256').update(der).digest('base64')}`;
}

/**
 * Reads the PEM private key (PKCS#8, optionally encrypted with `passphrase`; PKCS#1 is accepted too) without
 * sending anything anywhere. Returns the key, or the problem naming the setting to fix.
 */
export function readSigningKey(pem: string, passphrase: string): SigningKey | KeyProblem {
  const text = pem.trim().replace(/\\n/g, '\n');
  if (!/^-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(text)) {
    if (/^-----BEGIN (RSA )?PUBLIC KEY-----/.test(text)) {
      return {
        field: 'privateKey',
        message: `this is a public key: give the private key instead (the public key is what you register with ALTER USER … SET RSA_PUBLIC_KEY); ${PEM_HINT}`,
      };
    }
    return { field: 'privateKey', message: `not a PEM private key: ${PEM_HINT}` };
  }
  const encrypted = text.startsWith('-----BEGIN ENCRYPTED PRIVATE KEY-----') || /Proc-Type: 4,ENCRYPTED/.test(text);
  if (encrypted && passphrase === '') {
    return { field: 'privateKeyPassphrase', message: 'the private key is encrypted: give the passphrase it was created with' };
  }
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey({ key: text, format: 'pem', ...(encrypted ? { passphrase } : {}) });
  } catch (error) {
    const reason = (error as { code?: string; message?: string }).message ?? String(error);
    if (encrypted) return { field: 'privateKeyPassphrase', message: 'the passphrase does not decrypt the private key: check privateKeyPassphrase' };
    return { field: 'privateKey', message: `the private key cannot be read (${reason}): ${PEM_HINT}` };
  }
  if (privateKey.asymmetricKeyType !== 'rsa') {
    return {
      field: 'privateKey',
      message: `the key is ${privateKey.asymmetricKeyType ?? 'not RSA'}: Snowflake key-pair authentication needs an RSA key (openssl genrsa 2048)`,
    };
  }
  return { privateKey, fingerprint: fingerprintOf(privateKey) };
}

/** The signing key of a validated config; throws PluginConfigError naming the setting when it cannot be read. */
export function signingKey(pem: string, passphrase: string): SigningKey {
  const key = readSigningKey(pem, passphrase);
  if ('field' in key) throw new PluginConfigError(`${key.field}: ${key.message}`, { field: key.field });
  return key;
}

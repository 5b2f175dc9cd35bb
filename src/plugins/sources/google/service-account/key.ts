import { createPrivateKey, type KeyObject } from 'node:crypto';
import { PluginConfigError, insecureUrlReason } from '../../../contract';

/** The parts of a service account's JSON key Ferry uses. */
export interface ServiceAccountKey {
  clientEmail: string;
  /** The key's id (`private_key_id`), sent as the JWT's `kid`; absent in hand-made keys. */
  privateKeyId?: string;
  privateKey: KeyObject;
  /** Where the signed JWT is exchanged for an access token, e.g. https://oauth2.googleapis.com/token. */
  tokenUri: string;
  /** The project the service account belongs to (`project_id`). */
  projectId?: string;
}

const HOW_TO = 'paste the whole JSON key file downloaded from Google Cloud (IAM → Service accounts → Keys → Add key → JSON)';

function field(json: Record<string, unknown>, name: string): string | undefined {
  const value = json[name];
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

/** Parses a key and returns it, or a sentence saying what is wrong with it and how to fix it. */
export function readServiceAccountKey(text: string): { key: ServiceAccountKey } | { error: string } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { error: `the service account key is not JSON: ${HOW_TO}` };
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json)) return { error: `the service account key must be a JSON object: ${HOW_TO}` };
  const object = json as Record<string, unknown>;
  if (object.type !== 'service_account') {
    const kind = typeof object.type === 'string' ? `a "${object.type}" credential` : 'not a service account key (no "type")';
    return { error: `the key is ${kind}, not a "service_account" key: ${HOW_TO}` };
  }
  const missing = ['client_email', 'private_key', 'token_uri'].filter((name) => !field(object, name));
  if (missing.length > 0) return { error: `the service account key has no ${missing.map((name) => `"${name}"`).join(', ')}: ${HOW_TO}` };
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey({ key: field(object, 'private_key')!, format: 'pem' });
  } catch {
    return { error: `the key's "private_key" is not a PEM private key (it should start with -----BEGIN PRIVATE KEY-----): ${HOW_TO}` };
  }
  if (privateKey.asymmetricKeyType !== 'rsa') return { error: `the key's "private_key" is not an RSA key: ${HOW_TO}` };
  const tokenUri = field(object, 'token_uri')!;
  let url: URL;
  try {
    url = new URL(tokenUri);
  } catch {
    return { error: `the key's "token_uri" (${tokenUri}) is not a URL: ${HOW_TO}` };
  }
  const insecure = insecureUrlReason(url);
  if (insecure) return { error: `the key's "token_uri" ${insecure}` };
  return {
    key: {
      clientEmail: field(object, 'client_email')!,
      privateKeyId: field(object, 'private_key_id'),
      privateKey,
      tokenUri,
      projectId: field(object, 'project_id'),
    },
  };
}

const parsed = new Map<string, ServiceAccountKey>();

/** The key in `text` (parsed once per process); throws PluginConfigError naming what is wrong with it. */
export function parseServiceAccountKey(text: string): ServiceAccountKey {
  const known = parsed.get(text);
  if (known) return known;
  const result = readServiceAccountKey(text);
  if ('error' in result) throw new PluginConfigError(`serviceAccountKey: ${result.error}`, { field: 'serviceAccountKey' });
  if (parsed.size > 100) parsed.clear();
  parsed.set(text, result.key);
  return result.key;
}

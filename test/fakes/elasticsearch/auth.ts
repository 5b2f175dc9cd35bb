import { esErrors } from './errors';
import type { EsError } from './types';

export interface Credentials {
  /** API keys as Elasticsearch creates them: an id and the key; clients send base64(id:key). */
  apiKeys: Array<{ id: string; api_key: string }>;
  users: Record<string, string>;
}

/** Null when the request's Authorization header is accepted, otherwise the 401 Elasticsearch answers. */
export function checkAuth(header: string | undefined, credentials: Credentials, path: string): EsError | null {
  if (!header) return esErrors.missingCredentials(path);
  const [scheme, value = ''] = header.split(' ', 2);
  const decoded = Buffer.from(value, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  const [name, secret] = colon < 0 ? [decoded, ''] : [decoded.slice(0, colon), decoded.slice(colon + 1)];
  if (scheme === 'ApiKey') return credentials.apiKeys.some((k) => k.id === name && k.api_key === secret) ? null : esErrors.badApiKey();
  if (scheme === 'Basic') return credentials.users[name] !== undefined && credentials.users[name] === secret ? null : esErrors.badPassword(name);
  return esErrors.badApiKey();
}

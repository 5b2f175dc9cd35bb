import { createHash, timingSafeEqual } from 'node:crypto';
import type { Plugin } from '../plugins/contract';
import { secretKeys } from './config-secrets';
import { openEndpointConfig, type EndpointTable, type SealedEndpoint } from './endpoint-secrets';
import type { SecretBox } from './secret-box';

type ConfigObject = Record<string, unknown>;

const given = (value: unknown) => value !== undefined && value !== null && value !== '';

/** Names of the secrets stored with a value (an empty one counts as none); never the values. */
export function storedSecretNames(plugin: Plugin, table: EndpointTable, stored: SealedEndpoint, box: SecretBox): string[] {
  if (!stored.encryptedSecrets) return [];
  const config = openEndpointConfig(table, stored, box);
  return secretKeys(plugin.config).filter((key) => given(config[key]));
}

function digest(value: unknown): Buffer {
  return createHash('sha256')
    .update(JSON.stringify(value ?? null))
    .digest();
}

/**
 * Of the secrets `config` gives, those whose value differs from the stored one: what a tool that applies a
 * configuration needs to know to leave a secret alone, without any stored value being shown. It tells a caller no
 * more than a connection test with a guessed value already does, and compares digests in constant time. Secrets
 * this key cannot open count as changed, so giving them again replaces them.
 */
export function changedSecretNames(plugin: Plugin, table: EndpointTable, stored: SealedEndpoint, box: SecretBox, config: ConfigObject): string[] {
  const offered = secretKeys(plugin.config).filter((key) => config[key] !== undefined && config[key] !== null);
  if (offered.length === 0) return [];
  let current: ConfigObject;
  try {
    current = stored.encryptedSecrets ? openEndpointConfig(table, stored, box) : {};
  } catch {
    return offered;
  }
  return offered.filter((key) => !timingSafeEqual(digest(config[key]), digest(current[key] ?? (config[key] === '' ? '' : null))));
}

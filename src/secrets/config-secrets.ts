import { z } from 'zod';
import type { ConfigSchema } from '../plugins/contract';
import type { SecretBox } from './secret-box';

type ConfigObject = Record<string, unknown>;

interface JsonProperty {
  writeOnly?: boolean;
  anyOf?: JsonProperty[];
  oneOf?: JsonProperty[];
  allOf?: JsonProperty[];
}

/** writeOnly on the property itself or on a member of a union (e.g. `.meta({ writeOnly: true }).nullable()`). */
function isWriteOnly(property: JsonProperty): boolean {
  return property.writeOnly === true || [...(property.anyOf ?? []), ...(property.oneOf ?? []), ...(property.allOf ?? [])].some(isWriteOnly);
}

/** Plugins' schemas do not change: their secrets are worked out once (listing sources or destinations asks once per row). */
const secretKeysOf = new WeakMap<ConfigSchema, readonly string[]>();

/** Names of the config properties marked `writeOnly` (secrets) in a plugin's zod schema. */
export function secretKeys(schema: ConfigSchema): readonly string[] {
  const known = secretKeysOf.get(schema);
  if (known) return known;
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as { properties?: Record<string, JsonProperty> };
  const keys = Object.entries(json.properties ?? {})
    .filter(([, property]) => isWriteOnly(property))
    .map(([key]) => key);
  secretKeysOf.set(schema, keys);
  return keys;
}

/** Splits a validated config into what is stored in clear and the sealed secrets. */
export function sealConfig(
  config: ConfigObject,
  secrets: readonly string[],
  box: SecretBox,
  context: string,
): { publicConfig: ConfigObject; encryptedSecrets: string | null } {
  const publicConfig: ConfigObject = {};
  const secretValues: ConfigObject = {};
  for (const [key, value] of Object.entries(config)) {
    if (secrets.includes(key)) secretValues[key] = value;
    else publicConfig[key] = value;
  }
  return { publicConfig, encryptedSecrets: Object.keys(secretValues).length ? box.seal(secretValues, context) : null };
}

/** The full config a plugin needs, secrets decrypted; `context` is where they were sealed (see SecretBox). */
export function openConfig(stored: { publicConfig: ConfigObject; encryptedSecrets: string | null }, box: SecretBox, context: string): ConfigObject {
  const secretValues = stored.encryptedSecrets ? box.open<ConfigObject>(stored.encryptedSecrets, context) : {};
  return { ...stored.publicConfig, ...secretValues };
}

/** The config as the API shows it: every secret replaced by null. */
export function redactConfig(publicConfig: ConfigObject, secrets: readonly string[]): ConfigObject {
  return { ...publicConfig, ...Object.fromEntries(secrets.map((key) => [key, null])) };
}

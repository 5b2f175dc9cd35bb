import { isDeepStrictEqual } from 'node:util';
import { BadUserInputError } from '../errors';
import type { Plugin } from '../plugins/contract';
import { secretKeys } from './config-secrets';

type ConfigObject = Record<string, unknown>;

/** The config fields that say where a plugin's secrets go: its `secretBindings`, or every non-secret field. */
export function bindingFields(plugin: Plugin): readonly string[] {
  if (plugin.secretBindings) return plugin.secretBindings;
  const secrets = secretKeys(plugin.config);
  return Object.keys(plugin.config.shape).filter((key) => !secrets.includes(key));
}

/** The secrets an update gives anew (a value, not null or left out). */
export function secretsGiven(plugin: Plugin, update: ConfigObject): string[] {
  return secretKeys(plugin.config).filter((key) => update[key] !== null && update[key] !== undefined);
}

/** True when the update gives every secret the plugin has, so the stored ones are not needed. */
export function givesEverySecret(plugin: Plugin, update: ConfigObject): boolean {
  return secretsGiven(plugin, update).length === secretKeys(plugin.config).length;
}

/**
 * Refuses a config change that would send the stored secrets somewhere else: when a binding field differs between
 * the stored config and the new (validated) one, the update must give every secret again. `what` names the
 * endpoint, e.g. `Source "warehouse"`.
 */
export function refuseRedirectedSecrets(plugin: Plugin, what: string, stored: ConfigObject, next: ConfigObject, update: ConfigObject): void {
  const secrets = secretKeys(plugin.config);
  if (secrets.length === 0) return;
  const moved = bindingFields(plugin).filter((key) => !isDeepStrictEqual(stored[key] ?? null, next[key] ?? null));
  if (moved.length === 0) return;
  const missing = secrets.filter((key) => !secretsGiven(plugin, update).includes(key));
  if (missing.length === 0) return;
  throw new BadUserInputError(
    `${what} was not changed: changing ${moved.join(', ')} changes where its secrets are sent, so give ${missing.join(', ')} again in the same update (the stored value is not sent to a new address)`,
    `input.config.${missing[0]}`,
    { secrets: missing, changed: moved },
  );
}

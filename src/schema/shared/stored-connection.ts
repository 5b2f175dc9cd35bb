import type { DataSource } from 'typeorm';
import { ConnectionTest, Destination, Source } from '../../entities';
import type { Ferry } from '../../ferry';
import type { Plugin } from '../../plugins/contract';
import { openConfig, redactConfig, sealConfig, secretKeys } from '../../secrets/config-secrets';

/** Sources and destinations are stored alike: a plugin type, a config in clear and sealed secrets. */
export type StoredConnection = Source | Destination;

export function sealedConfig(ferry: Pick<Ferry, 'registry' | 'secrets'>, plugin: Plugin, input: unknown): Pick<StoredConnection, 'publicConfig' | 'encryptedSecrets'> {
  const config = ferry.registry.parseConfig(plugin, input, 'input.config');
  return sealConfig(config, secretKeys(plugin.config), ferry.secrets);
}

/** New config = stored config with the update merged over it; a secret left out (or null) keeps its stored value. */
export function mergedConfig(ferry: Pick<Ferry, 'secrets'>, plugin: Plugin, stored: StoredConnection, update: Record<string, unknown>): Record<string, unknown> {
  const secrets = secretKeys(plugin.config);
  const merged: Record<string, unknown> = { ...openConfig(stored, ferry.secrets) };
  for (const [key, value] of Object.entries(update)) {
    if (secrets.includes(key) && (value === null || value === undefined)) continue;
    merged[key] = value;
  }
  return merged;
}

export function visibleConfig(plugin: Plugin, stored: StoredConnection): Record<string, unknown> {
  return redactConfig(stored.publicConfig, secretKeys(plugin.config));
}

/** Runs the plugin's test and stores the outcome as lastTest. */
export async function recordConnectionTest(
  db: DataSource,
  stored: StoredConnection,
  run: () => Promise<void>,
): Promise<ConnectionTest> {
  let result: ConnectionTest;
  try {
    await run();
    result = Object.assign(new ConnectionTest(), { ok: true, message: null, testedAt: new Date() });
  } catch (error) {
    result = Object.assign(new ConnectionTest(), { ok: false, message: (error as Error).message, testedAt: new Date() });
  }
  stored.lastTest = result;
  await db.getRepository(stored.constructor).update(stored.id, { lastTest: result } as never);
  return result;
}

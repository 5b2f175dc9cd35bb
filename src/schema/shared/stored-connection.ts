import type { DataSource } from 'typeorm';
import { BadUserInputError } from '../../errors';
import { ConnectionTest, Destination, Source } from '../../entities';
import type { Ferry } from '../../ferry';
import type { Plugin, PluginContext } from '../../plugins/contract';
import { openConfig, redactConfig, sealConfig, secretKeys } from '../../secrets/config-secrets';

/** Sources and destinations are stored alike: a plugin type, a config in clear and sealed secrets. */
export type StoredConnection = Source | Destination;

export interface ConnectionInput {
  name: string;
  type: string;
  config: Record<string, unknown>;
}

export interface ConnectionUpdate {
  name?: string | null;
  config?: Record<string, unknown> | null;
}

export function requireName(name: string, field = 'input.name'): string {
  const trimmed = name.trim();
  if (!trimmed) throw new BadUserInputError(`${field}: must not be empty; give it a name people will recognise`, field);
  if (trimmed.length > 200) throw new BadUserInputError(`${field}: must be at most 200 characters`, field);
  return trimmed;
}

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

export type TestCall = (config: Record<string, unknown>, ctx: PluginContext) => Promise<void>;

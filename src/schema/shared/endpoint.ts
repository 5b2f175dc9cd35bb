import type { DataSource } from 'typeorm';
import { TestOutcome, Destination, Source } from '../../entities';
import type { Ferry } from '../../ferry';
import type { Logger, Plugin } from '../../plugins/contract';
import { recognisedError } from '../../plugins/plugin-errors';
import { redactConfig, sealConfig, secretKeys } from '../../secrets/config-secrets';
import { openEndpointConfig, secretsContext, type EndpointTable } from '../../secrets/endpoint-secrets';
import { givesEverySecret } from '../../secrets/secret-bindings';

/** An endpoint, one end of a sync: sources and destinations are stored alike (a plugin type, a config in clear and sealed secrets). */
export type Endpoint = Source | Destination;

export function sealedConfig(
  ferry: Pick<Ferry, 'registry' | 'secrets'>,
  plugin: Plugin,
  input: unknown,
  table: EndpointTable,
  id: string,
): Pick<Endpoint, 'publicConfig' | 'encryptedSecrets'> {
  const config = ferry.registry.parseConfig(plugin, input, 'input.config');
  return sealConfig(config, secretKeys(plugin.config), ferry.secrets, secretsContext(table, id));
}

/**
 * New config = stored config with the update merged over it; a secret left out (or null) keeps its stored value.
 * An update that gives every secret does not open the stored ones, so it replaces secrets this key cannot read.
 */
export function mergedConfig(
  ferry: Pick<Ferry, 'secrets'>,
  plugin: Plugin,
  table: EndpointTable,
  stored: Endpoint,
  update: Record<string, unknown>,
): Record<string, unknown> {
  const secrets = secretKeys(plugin.config);
  const base = givesEverySecret(plugin, update) ? stored.publicConfig : openEndpointConfig(table, stored, ferry.secrets);
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(update)) {
    if (secrets.includes(key) && (value === null || value === undefined)) continue;
    merged[key] = value;
  }
  return merged;
}

export function visibleConfig(plugin: Plugin, stored: Endpoint): Record<string, unknown> {
  return redactConfig(stored.publicConfig, secretKeys(plugin.config));
}

/**
 * What a failed test says: a classified error's own message (written for the user), never a driver's raw text,
 * which goes to the log instead.
 */
function classifiedMessage(error: unknown, logger?: Logger): string {
  const recognised = recognisedError(error);
  if (recognised) return recognised.message;
  const name = (error as Error)?.name || 'error';
  logger?.warn('a connection test failed with an unclassified error', { error: (error as Error)?.message ?? String(error) });
  return `The connection test failed with an unexpected ${name} from the plugin; the details are in Ferry's log`;
}

/** Runs a connection test and says how it went, in the words a user can act on. */
export async function testOutcome(run: () => Promise<void>, logger?: Logger): Promise<TestOutcome> {
  try {
    await run();
    return Object.assign(new TestOutcome(), { ok: true, message: null, testedAt: new Date() });
  } catch (error) {
    return Object.assign(new TestOutcome(), { ok: false, message: classifiedMessage(error, logger), testedAt: new Date() });
  }
}

export async function recordTestOutcome(db: DataSource, stored: Endpoint, run: () => Promise<void>, logger?: Logger): Promise<TestOutcome> {
  const result = await testOutcome(run, logger);
  stored.lastTest = result;
  await db.getRepository(stored.constructor).update(stored.id, { lastTest: result } as never);
  return result;
}

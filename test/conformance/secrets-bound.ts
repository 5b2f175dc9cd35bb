import { describe, test } from '@jest/globals';
import type { Plugin } from '../../src/plugins/contract';
import { secretKeys } from '../../src/secrets/config-secrets';
import { bindingFields, refuseRedirectedSecrets } from '../../src/secrets/secret-bindings';
import { broken, keep } from './expectations';

/** Another value of the same kind, so a field counts as changed. */
function changed(value: unknown): unknown {
  if (typeof value === 'number') return value + 1;
  if (typeof value === 'boolean') return !value;
  if (typeof value === 'string') return `${value}-moved`;
  if (value === undefined || value === null) return 'moved';
  return { moved: value };
}

/**
 * The "secrets are bound" promise, shared by the source and destination conformance suites: a config change that
 * moves any field binding the plugin's secrets (its `secretBindings`, or every non-secret field) is refused unless
 * the same update gives every secret again. `config` gives a working config of the plugin, secrets included
 * (called in the tests, after the suite's setUp).
 */
export function secretsAreBound(plugin: Plugin, config: () => Record<string, unknown>): void {
  describe(`${plugin.id}: secrets are bound to where they are sent`, () => {
    const secrets = secretKeys(plugin.config);

    test('its secrets are marked writeOnly and its bindings name real, non-secret config fields', () => {
      for (const field of bindingFields(plugin)) {
        keep(field in plugin.config.shape, 'secretBindings must name config fields', () => `it names "${field}", which is not in the config`);
        keep(!secrets.includes(field), 'secretBindings must name the fields that say where secrets go', () => `it names the secret "${field}"`);
      }
    });

    test('moving any binding field without every secret is refused, naming the secrets; with them it is allowed', () => {
      const good = config();
      const stored = Object.fromEntries(Object.entries(good).filter(([key]) => !secrets.includes(key)));
      for (const field of bindingFields(plugin)) {
        const update = { [field]: changed(good[field]) };
        const next = { ...good, ...update };
        if (secrets.length === 0) continue;
        const promise = `changing ${field} without giving ${secrets.join(', ')} again must be refused with BAD_USER_INPUT naming them`;
        let refusal: (Error & { extensions?: Record<string, unknown> }) | null = null;
        try {
          refuseRedirectedSecrets(plugin, 'Endpoint "e"', stored, next, update);
        } catch (error) {
          refusal = error as Error & { extensions?: Record<string, unknown> };
        }
        if (!refusal) broken(promise, 'it was allowed');
        keep(
          refusal.extensions?.code === 'BAD_USER_INPUT' && secrets.every((secret) => refusal.message.includes(secret)),
          promise,
          () => refusal.message,
        );
        const withSecrets = { ...update, ...Object.fromEntries(secrets.map((secret) => [secret, good[secret] ?? 'x'])) };
        refuseRedirectedSecrets(plugin, 'Endpoint "e"', stored, next, withSecrets);
      }
    });
  });
}

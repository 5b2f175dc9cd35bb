import assert from 'node:assert/strict';
import { describe, test } from '@jest/globals';
import type { Plugin } from '../../src/plugins/contract';
import { secretKeys } from '../../src/secrets/config-secrets';
import { bindingFields, refuseRedirectedSecrets } from '../../src/secrets/secret-bindings';

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
 * the same update gives every secret again. `config` is a working config of the plugin, secrets included.
 */
export function secretsAreBound(plugin: Plugin, config: () => Record<string, unknown>): void {
  describe(`${plugin.id}: secrets are bound to where they are sent`, () => {
    const secrets = secretKeys(plugin.config);

    test('its secrets are marked writeOnly and its bindings name real, non-secret config fields', () => {
      for (const field of bindingFields(plugin)) {
        assert.ok(field in plugin.config.shape, `secretBindings names "${field}", which is not in the config`);
        assert.ok(!secrets.includes(field), `secretBindings names the secret "${field}"`);
      }
    });

    test('moving any binding field without every secret is refused, naming the secrets; with them it is allowed', () => {
      const good = config();
      const stored = Object.fromEntries(Object.entries(good).filter(([key]) => !secrets.includes(key)));
      for (const field of bindingFields(plugin)) {
        const update = { [field]: changed(good[field]) };
        const next = { ...good, ...update };
        if (secrets.length === 0) continue;
        assert.throws(
          () => refuseRedirectedSecrets(plugin, 'Endpoint "e"', stored, next, update),
          (error: Error & { extensions?: Record<string, unknown> }) =>
            error.extensions?.code === 'BAD_USER_INPUT' && secrets.every((secret) => error.message.includes(secret)),
          `changing ${field} without ${secrets.join(', ')} was not refused`,
        );
        const withSecrets = { ...update, ...Object.fromEntries(secrets.map((secret) => [secret, good[secret] ?? 'x'])) };
        assert.doesNotThrow(() => refuseRedirectedSecrets(plugin, 'Endpoint "e"', stored, next, withSecrets));
      }
    });
  });
}

/**
 * A plugin package may bring its own copy of zod: zod 4 answers instanceof by its schemas' traits, not by class
 * identity, so the registry takes, validates and seals such a config like any other.
 */
import { expect, jest, test } from '@jest/globals';
import { z as ferryZod } from 'zod';
import type { Plugin } from '../../src/plugins/contract';
import { PluginRegistry } from '../../src/plugins/registry';
import { secretKeys } from '../../src/secrets/config-secrets';

let ownZod!: typeof import('zod');
jest.isolateModules(() => {
  ownZod = require('zod');
});

test('a plugin whose config comes from another copy of zod is accepted, validated and its secrets known', () => {
  const { z } = ownZod;
  const config = z.object({ host: z.string().min(1), key: z.string().meta({ writeOnly: true }) });
  expect(ownZod.z.ZodObject).not.toBe(ferryZod.ZodObject); // another copy of zod's classes
  const plugin = {
    id: 'own-zod',
    kind: 'source',
    name: 'Own zod',
    version: '1.0.0',
    config,
    test: async () => undefined,
    columns: async () => [],
    read: async function* () {},
  } as unknown as Plugin;
  const registry = new PluginRegistry([plugin]);
  expect(registry.parseConfig(plugin, { host: 'db', key: 'k' })).toEqual({ host: 'db', key: 'k' });
  expect(() => registry.parseConfig(plugin, { host: '', key: 'k', port: 1 })).toThrow(/config\.host: .*; config\.port: unknown setting/);
  expect(secretKeys(plugin.config)).toEqual(['key']);
});

test('a config that is not a zod object schema is still refused', () => {
  const plugin = {
    id: 'no-zod',
    kind: 'source',
    name: 'No zod',
    version: '1',
    config: { _zod: { def: { type: 'object' } } },
    test: () => 1,
    columns: () => 1,
    read: () => 1,
  };
  expect(() => new PluginRegistry([plugin as unknown as Plugin])).toThrow(/config: must be a zod object schema/);
});

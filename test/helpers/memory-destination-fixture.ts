import type { DestinationPlugin } from '../../src/plugins/contract';
import type { DestinationFixture } from '../conformance/destination-fixture';
import { memoryDestination } from './memory-destination';

/** The conformance fixture of the in-memory destination; `write` may wrap the plugin's (to break it on purpose). */
export function memoryDestinationFixture(
  wrapWrite?: (write: DestinationPlugin['write']) => DestinationPlugin['write'],
): DestinationFixture<{ account: string; token: string }> {
  const plugin = memoryDestination();
  const write = wrapWrite ? wrapWrite(plugin.write as DestinationPlugin['write']) : plugin.write;
  return {
    plugin: { ...plugin, write } as DestinationPlugin,
    setUp: async () => ({ account: 'conformance', token: 'secret-token' }),
    tearDown: async () => undefined,
    object: 'person',
    record: (n) => ({ key: `person${n}@example.com`, fields: { email: `person${n}@example.com`, name: `Person ${n}` } }),
    rejectedRecord: (n) => ({
      record: { key: `Person${n}@example.com`, fields: { name: `Person ${n} without an email` } },
      reason: /^Email is required$/,
    }),
    coerceSamples: {
      text: { valid: 'Ada', invalid: ['a', 'list'] },
      tags: { valid: ['vip', 'beta'], invalid: 'vip' },
    },
  };
}

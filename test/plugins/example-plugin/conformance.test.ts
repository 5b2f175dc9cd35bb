/**
 * A plugin built outside Ferry: loaded from its own package through FERRY_PLUGINS, checked by the conformance suite
 * taken from the SDK's public entry (`ferry/plugin/testing`), type-checked against `ferry/plugin`'s published types.
 * Its errors are its own classes (errors.js), so Ferry can only know them by their code.
 */
import { describe, expect, test } from '@jest/globals';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { sourceConformance } from 'ferry/plugin/testing';
import { loadConfig } from '../../../src/config';
import { builtinPlugins } from '../../../src/plugins/builtin';
import type { SourcePlugin } from '../../../src/plugins/contract';
import { PluginRegistry } from '../../../src/plugins/registry';
import { postgresConformanceFixture } from '../postgres/conformance-fixture';
import { examplePluginPackage, ferryPackage } from './example-package';

const folder = examplePluginPackage();
const { FERRY_PLUGINS } = loadConfig({ FERRY_PLUGINS: folder });
const plugin = PluginRegistry.withPackages(builtinPlugins, FERRY_PLUGINS).source('example-postgres') as SourcePlugin;

sourceConformance(
  postgresConformanceFixture(
    plugin,
    {
      wrongPassword: (user) => new RegExp(`refused the password for user "${user}"`),
      unknownDatabase: (database) => new RegExp(`Database "${database}" does not exist`),
      unreachableHost: (port) => new RegExp(`Could not connect to 127\\.0\\.0\\.1:${port}: connection refused`),
      timeout: (port) => new RegExp(`Could not connect to 127\\.0\\.0\\.1:${port} within 0\\.3 seconds`),
    },
    require.resolve(folder),
  ),
);

describe('the example plugin package', () => {
  test("type-checks against ferry/plugin's published types (package.json exports, types condition)", async () => {
    const tsc = join(ferryPackage, 'node_modules/typescript/bin/tsc');
    const checked = await promisify(execFile)(process.execPath, [tsc, '-p', join(folder, 'tsconfig.json')]).then(
      () => 'no errors',
      (error: { stdout?: string }) => error.stdout ?? String(error),
    );
    expect(checked).toBe('no errors');
  }, 120_000);
});

import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, test } from '@jest/globals';
import { builtinPlugins } from '../../src/plugins/builtin';
import { PluginRegistry } from '../../src/plugins/registry';
import { startTestFerry, type TestFerry } from '../helpers/ferry-server';

const packages = mkdtempSync(join(tmpdir(), 'ferry-plugins-'));
function pluginPackage(name: string, body: string): string {
  const file = join(packages, `${name}.js`);
  writeFileSync(file, body);
  return file;
}

const goodPackage = pluginPackage(
  'good',
  `const { z } = require(${JSON.stringify(require.resolve('zod'))});
   module.exports = { plugin: { id: 'csv-file', kind: 'source', name: 'CSV file', version: '1.2.3',
     config: z.object({ path: z.string(), token: z.string().meta({ writeOnly: true }) }),
     test: async () => {}, columns: async () => [], read: async function* () {} } };`,
);

describe('plugins and the registry', () => {
  let ferry: TestFerry;
  beforeAll(async () => {
    ferry = await startTestFerry({ FERRY_PLUGINS: goodPackage });
  });
  afterAll(() => ferry.stop());

  test('plugins returns each plugin with the JSON Schema of its zod config, secrets marked writeOnly', async () => {
    const { plugins } = await ferry.client.data('{ plugins { id kind name version configSchema } }');
    assert.deepEqual(
      plugins.map((p: { id: string }) => p.id),
      [...builtinPlugins.map((p) => p.id), 'csv-file'],
    );
    const byId = Object.fromEntries(plugins.map((p: { id: string }) => [p.id, p]));
    assert.equal(byId.postgres.kind, 'SOURCE');
    assert.equal(byId.activecampaign.kind, 'DESTINATION');
    assert.equal(byId.postgres.configSchema.properties.password.writeOnly, true);
    assert.equal(byId.postgres.configSchema.properties.host.writeOnly, undefined);
    assert.equal(byId.sqlserver.configSchema.properties.password.writeOnly, true);
    assert.equal(byId.synapse.configSchema.properties.password.writeOnly, true);
    assert.equal(byId.activecampaign.configSchema.properties.apiKey.writeOnly, true);
    assert.equal(byId.databricks.configSchema.properties.token.writeOnly, true);
    assert.equal(byId.elasticsearch.configSchema.properties.apiKey.writeOnly, true);
    assert.equal(byId.elasticsearch.configSchema.properties.password.writeOnly, true);
    assert.equal(byId.snowflake.configSchema.properties.privateKey.writeOnly, true);
    assert.equal(byId.snowflake.configSchema.properties.privateKeyPassphrase.writeOnly, true);
    assert.equal(byId.mysql.configSchema.properties.password.writeOnly, true);
    assert.equal(byId.redshift.configSchema.properties.password.writeOnly, true);
    assert.equal(byId.redshift.configSchema.properties.port.default, 5439);
    assert.deepEqual(byId['csv-file'].configSchema.properties.token, { type: 'string', writeOnly: true });
    const { plugins: destinations } = await ferry.client.data('{ plugins(kind: DESTINATION) { id } }');
    assert.deepEqual(destinations, [{ id: 'activecampaign' }]);
  });

  test('a package named in FERRY_PLUGINS that cannot be loaded stops start-up naming it', () => {
    assert.throws(
      () => PluginRegistry.withPackages(builtinPlugins, ['ferry-plugin-that-does-not-exist']),
      /FERRY_PLUGINS: package "ferry-plugin-that-does-not-exist" could not be loaded/,
    );
  });

  test('a package whose plugin is malformed stops start-up saying what is wrong', () => {
    const bad = pluginPackage('bad', `module.exports = { plugin: { id: 'Bad Id', kind: 'source', name: 'x', version: '1', config: {}, test: 1 } };`);
    assert.throws(
      () => PluginRegistry.withPackages(builtinPlugins, [bad]),
      (error: Error) =>
        error.message.includes(`package "${bad}" is not a valid Ferry plugin`) &&
        /id: must be lowercase/.test(error.message) &&
        /config: must be a zod object schema/.test(error.message) &&
        /test: must be a function/.test(error.message) &&
        /columns: must be a function/.test(error.message),
    );
    const empty = pluginPackage('empty', 'module.exports = { hello: 1 };');
    assert.throws(() => PluginRegistry.withPackages(builtinPlugins, [empty]), /exports no plugin/);
    const clash = pluginPackage('clash', `module.exports = require(${JSON.stringify(goodPackage)});`);
    assert.throws(
      () => PluginRegistry.withPackages(builtinPlugins, [goodPackage, clash]),
      /uses the id "csv-file", which another plugin already has/,
    );
  });
});

describe('plugin config edge cases', () => {
  let ferry: TestFerry;
  const nullableSecret = pluginPackage(
    'nullable-secret',
    `const { z } = require(${JSON.stringify(require.resolve('zod'))});
     module.exports = { id: 'vault', kind: 'source', name: 'Vault', version: '1.0.0',
       config: z.object({ host: z.string(), key: z.string().meta({ writeOnly: true }).nullable() }),
       test: async () => {}, columns: async () => [], read: async function* () {} };`,
  );
  beforeAll(async () => {
    ferry = await startTestFerry({ FERRY_PLUGINS: nullableSecret });
  });
  afterAll(() => ferry.stop());

  test('a misspelt setting is refused naming it, instead of being dropped', async () => {
    const error = await ferry.client.error(
      'mutation { createSource(input: { name: "x", type: "postgres", config: { host: "h", database: "d", user: "u", passwrod: "p" } }) { id } }',
    );
    assert.equal(error.code, 'BAD_USER_INPUT');
    assert.match(error.message, /input\.config\.passwrod: unknown setting; the settings are host, port, database, user, password/);
    const { sources } = await ferry.client.data('{ sources { id } }');
    assert.equal(sources.length, 0, 'nothing stored on refusal');
  });

  test('a secret declared nullable is still sealed and hidden', async () => {
    const { createSource } = await ferry.client.data(
      'mutation { createSource(input: { name: "v", type: "vault", config: { host: "h", key: "s3cret" } }) { id config } }',
    );
    assert.deepEqual(createSource.config, { host: 'h', key: null });
    const stored = await ferry.ferry.db.query('SELECT config::text AS config FROM sources WHERE id = $1', [createSource.id]);
    assert.ok(!stored[0].config.includes('s3cret'));
  });
});

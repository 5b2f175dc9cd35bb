import { createServer, type Server, type Socket } from 'node:net';
import type { SourcePlugin } from '../../../src/plugins/contract';
import { elasticsearchSource } from '../../../src/plugins/sources/elasticsearch';
import { elasticsearchConfig, type ElasticsearchConfig } from '../../../src/plugins/sources/elasticsearch/config';
import type { FixtureColumnType, SourceFixture } from '../../conformance/source-fixture';
import { startFakeElasticsearch, type FakeElasticsearch } from '../../fakes/elasticsearch';

/**
 * Elasticsearch mapping types for the suite's portable ones. Elasticsearch has no exact decimal type (exact
 * decimals live in keyword fields) and one date type for dates, wall-clock times and instants alike: the plugin
 * gives each in the form the document holds.
 */
const types: Record<FixtureColumnType, string> = {
  integer: 'integer',
  bigint: 'long',
  numeric: 'keyword',
  double: 'double',
  text: 'keyword',
  boolean: 'boolean',
  date: 'date',
  timestamp: 'date',
  timestamptz: 'date',
  json: 'object',
  'text[]': 'keyword',
};

async function silentServer(): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => void sockets.add(socket));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as { port: number }).port,
    close: () => {
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * The conformance fixture of the Elasticsearch source, over the fake cluster. Tables are indices read as table
 * models (point in time over `_source`); generated and slow rows go through ES SQL (the SQL API's cursor).
 */
export function elasticsearchConformanceFixture(): SourceFixture<ElasticsearchConfig> {
  let fake: FakeElasticsearch;
  let silent: Awaited<ReturnType<typeof silentServer>>;
  let slow = 0;
  return {
    plugin: elasticsearchSource as unknown as SourcePlugin,
    pluginModule: { path: require.resolve('../../../src/plugins/sources/elasticsearch'), exportName: 'elasticsearchSource' },
    async setUp() {
      fake = await startFakeElasticsearch();
      silent = await silentServer();
      return elasticsearchConfig.parse({ url: fake.url, apiKey: fake.apiKey.encoded });
    },
    async tearDown() {
      await fake?.close();
      await silent?.close();
    },
    lacks: {
      unknownDatabase: 'Elasticsearch has no database setting (an index is chosen per model)',
      quotedTableNames: 'index names are lowercase and cannot hold spaces or quotes',
      columnOrder: 'an index mapping lists its fields by name, not in the order they were created',
    },
    badConfigs: (good) => ({
      wrongPassword: {
        config: { ...good, apiKey: Buffer.from(`${fake.apiKey.id}:wrong`).toString('base64') },
        message: /refused the credentials \(unable to authenticate with provided credentials.*\): check apiKey/,
      },
      unreachableHost: {
        config: { ...good, url: 'http://127.0.0.1:1' },
        message: /^Could not reach Elasticsearch at http:\/\/127\.0\.0\.1:1 .*check url/,
      },
      timeout: {
        config: { ...good, url: `http://127.0.0.1:${silent.port}`, requestTimeoutSeconds: 0.3 },
        message: /did not answer within 0\.3 seconds \(requestTimeoutSeconds\)/,
      },
    }),
    async createTable(name, columns, rows) {
      fake.addIndex({
        name,
        mappings: Object.fromEntries(columns.map((c) => [c.name, { type: types[c.type] }])),
        docs: rows.map((row) =>
          Object.fromEntries(
            columns.map((c, i) => [c.name, row[i] instanceof Date ? (row[i] as Date).toISOString() : row[i]]).filter(([, v]) => v !== null),
          ),
        ),
      });
      return { kind: 'table', table: { schema: null, name } };
    },
    table: (name: string) => ({ schema: null, name }),
    async failsWhenExecuted() {
      // A closed index: its mapping can be read, its documents cannot.
      fake.addIndex({ name: 'ferry-closed', closed: true, mappings: { id: { type: 'integer' } }, docs: [{ id: 1 }] });
      return { kind: 'table', table: { schema: null, name: 'ferry-closed' } };
    },
    generatedRows: (count) => {
      const name = `generated-${count}`;
      fake.addGeneratedIndex({
        name,
        mappings: { id: { type: 'integer' }, email: { type: 'keyword' }, amount: { type: 'double' }, created: { type: 'date' } },
        count,
        doc: (i) => ({ id: i + 1, email: `person${i + 1}@example.com`, amount: (((i + 1) * 7919) % 100000) / 100, created: '2024-01-01T00:00:00Z' }),
      });
      return { kind: 'sql', sql: `SELECT id, email, amount, created FROM "${name}"` };
    },
    slowQuery: (seconds) => {
      slow += 1;
      fake.addIndex({ name: `slow-${slow}`, latencyMs: seconds * 1000, mappings: { id: { type: 'integer' } }, docs: [{ id: 1 }] });
      return { kind: 'sql', sql: `SELECT id FROM "slow-${slow}"` };
    },
    invalidQuery: () => ({ query: { kind: 'sql', sql: 'SELECT * FORM nowhere' }, message: /mismatched input 'FORM'/ }),
    openSessions: async () => fake.openCursors() + fake.openPits() + fake.runningQueries(),
  };
}

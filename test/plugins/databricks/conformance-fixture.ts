import { createServer, type Server, type Socket } from 'node:net';
import type { SourcePlugin } from '../../../src/plugins/contract';
import { databricksSource } from '../../../src/plugins/sources/databricks';
import { databricksConfig, type DatabricksConfig } from '../../../src/plugins/sources/databricks/config';
import type { FixtureColumnType, SourceFixture } from '../../conformance/source-fixture';
import { startFakeDatabricks, type FakeDatabricks } from '../../fakes/databricks';

/** Databricks SQL types for the suite's portable ones. */
const types: Record<FixtureColumnType, string> = {
  integer: 'INT',
  bigint: 'BIGINT',
  numeric: 'DECIMAL(38,12)',
  double: 'DOUBLE',
  text: 'STRING',
  boolean: 'BOOLEAN',
  date: 'DATE',
  timestamp: 'TIMESTAMP_NTZ',
  timestamptz: 'TIMESTAMP',
  json: 'VARIANT',
  'text[]': 'ARRAY<STRING>',
};

const quote = (name: string) => `\`${name.replaceAll('`', '``')}\``;

/** A TCP server that accepts connections and never answers: the timeout case. */
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

/** The conformance fixture of the Databricks source, over the fake SQL warehouse. */
export function databricksConformanceFixture(): SourceFixture<DatabricksConfig> {
  let fake: FakeDatabricks;
  let silent: Awaited<ReturnType<typeof silentServer>>;
  return {
    plugin: databricksSource as unknown as SourcePlugin,
    pluginModule: { path: require.resolve('../../../src/plugins/sources/databricks'), exportName: 'databricksSource' },
    async setUp() {
      fake = await startFakeDatabricks();
      silent = await silentServer();
      return databricksConfig.parse({ host: fake.url, httpPath: fake.httpPath, token: fake.token, catalog: 'main', schema: 'default' });
    },
    async tearDown() {
      await fake?.close();
      await silent?.close();
    },
    badConfigs: (good) => ({
      wrongPassword: {
        config: { ...good, token: 'dapi-not-a-token' },
        message: /refused the token \(403 Invalid access token\.\): create a new personal access token/,
      },
      unknownDatabase: {
        config: { ...good, httpPath: '/sql/1.0/warehouses/nosuchwarehouse' },
        message: /SQL warehouse nosuchwarehouse was not found .*copy httpPath/,
      },
      unreachableHost: {
        config: { ...good, host: 'http://127.0.0.1:1' },
        message: /^Could not reach Databricks at http:\/\/127\.0\.0\.1:1 .*check host/,
      },
      timeout: {
        config: { ...good, host: `http://127.0.0.1:${silent.port}`, requestTimeoutSeconds: 0.3 },
        message: /did not answer within 0\.3 seconds \(requestTimeoutSeconds\)/,
      },
    }),
    async createTable(name, columns, rows) {
      fake.addTable({ schema: 'default', name, columns: columns.map((c) => ({ name: c.name, type: types[c.type] })), rows });
      return { kind: 'sql', sql: `SELECT ${columns.map((c) => quote(c.name)).join(', ')} FROM ${quote('default')}.${quote(name)}` };
    },
    table: (name: string) => ({ schema: 'default', name }),
    async failsWhenExecuted() {
      return { kind: 'sql', sql: "SELECT raise_error('columns() must not run the query') AS boom" };
    },
    generatedRows: (count) => ({ kind: 'sql', sql: `SELECT * FROM fake_people(${count})` }),
    slowQuery: (seconds) => ({ kind: 'sql', sql: `SELECT * FROM fake_sleep(${seconds})` }),
    invalidQuery: () => ({ query: { kind: 'sql', sql: 'SELECT * FORM nowhere' }, message: /\[PARSE_SYNTAX_ERROR\] Syntax error at or near 'FORM'/ }),
    openSessions: async () => fake.runningStatements(),
  };
}

import { createServer, type Server } from 'node:net';
import type { ModelQuery } from '../../../src/plugins/contract';
import { sqlServerSource } from '../../../src/plugins/sources/sqlserver';
import type { SourcePlugin } from '../../../src/plugins/contract';
import type { TdsConfig } from '../../../src/plugins/sources/sqlserver/config';
import type { FixtureColumn, FixtureColumnType, SourceFixture } from '../../conformance/source-fixture';
import { SqlServerError } from '../../fakes/tds/catalog';
import type { SqlType } from '../../fakes/tds/data-types';
import { generatedTable } from '../../fakes/tds/sample-tables';
import type { FakeSqlServer } from '../../fakes/tds/server';
import { startFakeSqlServer } from './sqlserver-fixture';

/** Digits after the decimal point in the longest fraction among `values` (numeric and timestamp scales). */
function fractionDigits(values: unknown[], pattern: RegExp): number {
  return Math.max(0, ...values.map((value) => (typeof value === 'string' ? (pattern.exec(value)?.[1]?.length ?? 0) : 0)));
}

/**
 * SQL Server types for the suite's portable ones. json is SQL Server 2025's (and Azure SQL's) json type. SQL Server
 * has no arrays: a list is kept as a JSON array, so text[] is json too. timestamptz is datetimeoffset (read as ISO
 * 8601 text with its offset).
 */
function sqlType(type: FixtureColumnType, values: unknown[]): SqlType {
  switch (type) {
    case 'integer':
      return { name: 'int' };
    case 'bigint':
      return { name: 'bigint' };
    case 'numeric':
      return { name: 'decimal', precision: 38, scale: fractionDigits(values, /\.(\d+)$/) };
    case 'double':
      return { name: 'float' };
    case 'boolean':
      return { name: 'bit' };
    case 'date':
      return { name: 'date' };
    case 'timestamp':
      return { name: 'datetime2', scale: fractionDigits(values, /\.(\d+)$/) };
    case 'timestamptz':
      return { name: 'datetimeoffset', scale: 3 };
    case 'text':
      return { name: 'nvarchar', length: 4000 };
    case 'json':
    case 'text[]':
      return { name: 'json' };
  }
}

function fakeValue(type: FixtureColumnType, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (type === 'timestamptz') return (value as Date).toISOString().replace('Z', '+00:00');
  if (type === 'json' || type === 'text[]') return JSON.stringify(value);
  return value;
}

/** The SQL Server source (or Azure Synapse, the same code) on the fake TDS server, for the shared source conformance suite. */
export function sqlServerSourceFixture(
  plugin: SourcePlugin = sqlServerSource as SourcePlugin,
  exportName = 'sqlServerSource',
): SourceFixture<TdsConfig> {
  let fake: FakeSqlServer;
  let silent: Server;
  let silentPort = 0;
  const table = (name: string): ModelQuery => ({ kind: 'table', table: { schema: 'dbo', name } });

  return {
    plugin,
    pluginModule: { path: require.resolve('../../../src/plugins/sources/sqlserver'), exportName },
    async setUp() {
      const started = await startFakeSqlServer();
      fake = started.fake;
      fake.addTable('shop', {
        schema: 'dbo',
        name: 'divide_by_zero',
        columns: [{ name: 'ratio', type: { name: 'int' } }],
        rows: () => {
          throw new SqlServerError(8134, 'Divide by zero error encountered.');
        },
      });
      silent = createServer(() => undefined);
      await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
      silentPort = (silent.address() as { port: number }).port;
      return started.config;
    },
    async tearDown() {
      silent?.close();
      await fake?.stop();
    },
    badConfigs(good) {
      const where = `${good.server}:${good.port}`;
      return {
        wrongPassword: {
          config: { ...good, password: 'wrong' },
          message: new RegExp(`^${plugin.name} at ${where} refused the login "reader" \\(error 18456\\): check the user and password`),
        },
        unknownDatabase: {
          config: { ...good, database: 'missing_db' },
          message: new RegExp(
            `^${plugin.name} at ${where} has no database "missing_db" that user "reader" may open \\(error 4060\\): check the database name`,
          ),
        },
        unreachableHost: {
          config: { ...good, port: 1 },
          message: new RegExp(`^Could not connect to ${good.server}:1: connection refused\\. Check the server and port`),
        },
        timeout: {
          config: { ...good, port: silentPort, connectTimeoutSeconds: 1 },
          message: new RegExp(`^Could not connect to ${good.server}:${silentPort} within 1 seconds: check the server and port`),
        },
      };
    },
    async createTable(name: string, columns: FixtureColumn[], rows: unknown[][]) {
      fake.addTable('shop', {
        schema: 'dbo',
        name,
        columns: columns.map((column, index) => ({
          name: column.name,
          type: sqlType(
            column.type,
            rows.map((row) => row[index]),
          ),
        })),
        rows: () => rows.map((row) => row.map((value, index) => fakeValue(columns[index].type, value))),
      });
      return table(name);
    },
    async failsWhenExecuted() {
      return table('divide_by_zero');
    },
    generatedRows(count: number) {
      const name = `generated_${count}_${Math.random().toString(36).slice(2, 8)}`;
      fake.addTable('shop', generatedTable(name, count));
      return table(name);
    },
    slowQuery(seconds: number) {
      const name = `slow_${seconds}_${Math.random().toString(36).slice(2, 8)}`;
      fake.addTable('shop', { ...generatedTable(name, 1), delayMs: seconds * 1000 });
      return { kind: 'sql', sql: `SELECT * FROM dbo.${name}` };
    },
    invalidQuery() {
      return { query: { kind: 'sql', sql: 'SELECT FROM dbo.anything' }, message: /Incorrect syntax near the keyword 'FROM'/ };
    },
    async openSessions() {
      return fake.openConnections;
    },
  };
}

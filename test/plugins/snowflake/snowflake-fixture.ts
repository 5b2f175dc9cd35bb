import { readFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import type { ModelQuery, PluginContext, SourcePlugin } from '../../../src/plugins/contract';
import { snowflakeSource } from '../../../src/plugins/sources/snowflake';
import { SqlApi } from '../../../src/plugins/sources/snowflake/api-client';
import { snowflakeConfig, type SnowflakeConfig } from '../../../src/plugins/sources/snowflake/config';
import { quoteIdentifier } from '../../../src/plugins/sources/snowflake/model-sql';
import { Statement } from '../../../src/plugins/sources/snowflake/statement';
import { rsaKeyPair, startFakeSnowflake, type FakeSnowflake } from '../../fakes/snowflake';
import { pluginContext } from '../../helpers/plugin-context';
import type { FixtureColumn, FixtureColumnType, SourceFixture } from '../../conformance/source-fixture';

/** Snowflake's type for each portable column type; numeric's scale is the largest among the values. */
function snowflakeType(type: FixtureColumnType, values: unknown[]): string {
  switch (type) {
    case 'integer':
      return 'NUMBER(9,0)';
    case 'bigint':
      return 'NUMBER(38,0)';
    case 'numeric': {
      const scale = Math.max(0, ...values.map((v) => (v === null || v === undefined ? 0 : (String(v).split('.')[1] ?? '').length)));
      return `NUMBER(38,${scale})`;
    }
    case 'double':
      return 'FLOAT';
    case 'text':
      return 'TEXT';
    case 'boolean':
      return 'BOOLEAN';
    case 'date':
      return 'DATE';
    case 'timestamp':
      return 'TIMESTAMP_NTZ';
    case 'timestamptz':
      return 'TIMESTAMP_TZ';
    case 'json':
      return 'VARIANT';
    case 'text[]':
      return 'ARRAY';
  }
}

/** Four columns (id integer, email text, amount numeric, created date) of `count` generated rows, stored nowhere. */
function generatedRows(count: number): ModelQuery {
  return {
    kind: 'sql',
    sql:
      `SELECT TO_DECIMAL(SEQ4(), 9, 0) AS "id", 'person' || SEQ4() || '@example.com' AS "email", ` +
      `TO_DECIMAL(SEQ4() % 100000 / 100, 10, 2) AS "amount", DATEADD(DAY, SEQ4() % 3650, '2020-01-01'::DATE) AS "created" ` +
      `FROM TABLE(GENERATOR(ROWCOUNT => ${count}))`,
  };
}

/** A TCP server that accepts connections and never answers: the plugin's request timeout must give up on it. */
async function silentServer(): Promise<{ url: string; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => sockets.add(socket));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as { port: number }).port}`,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

function badConfigs(good: SnowflakeConfig, silentUrl: string): ReturnType<SourceFixture<SnowflakeConfig>['badConfigs']> {
  return {
    wrongPassword: { config: { ...good, privateKey: rsaKeyPair().privateKey }, message: /Snowflake refused the key of user .*JWT token is invalid/ },
    unknownDatabase: { config: { ...good, database: 'NO_SUCH_DB' }, message: /Snowflake has no database "NO_SUCH_DB"/ },
    unreachableHost: { config: { ...good, endpoint: 'http://127.0.0.1:1' }, message: /connection refused/ },
    timeout: {
      config: { ...good, endpoint: silentUrl, requestTimeoutSeconds: 1 },
      message: /did not answer within 1 seconds \(requestTimeoutSeconds\)/,
    },
  };
}

const invalidQuery = () => ({
  query: { kind: 'sql', sql: 'SELEC 1' } as ModelQuery,
  message: /syntax error line 1 at position 0 unexpected 'SELEC'/,
});
const slowQuery = (seconds: number): ModelQuery => ({ kind: 'sql', sql: `SELECT SYSTEM$WAIT(${seconds}) AS "waited"` });

/** The conformance fixture on the fake Snowflake (served on 127.0.0.1). */
export function fakeSnowflakeFixture(): SourceFixture<SnowflakeConfig> {
  let fake: FakeSnowflake;
  let silent: { url: string; close(): Promise<void> };
  return {
    plugin: snowflakeSource as unknown as SourcePlugin,
    pluginModule: { path: require.resolve('../../../src/plugins/sources/snowflake'), exportName: 'snowflakeSource' },
    async setUp() {
      fake = await startFakeSnowflake();
      silent = await silentServer();
      return snowflakeConfig.parse(fake.config);
    },
    async tearDown() {
      await fake.close();
      await silent.close();
    },
    badConfigs: (good) => badConfigs(good, silent.url),
    async createTable(name: string, columns: FixtureColumn[], rows: unknown[][]) {
      const typed = columns.map((column, index) => ({
        name: column.name,
        type: snowflakeType(
          column.type,
          rows.map((row) => row[index]),
        ),
      }));
      fake.state.addTable('ANALYTICS', 'PUBLIC', name, typed, rows);
      return { kind: 'table', table: { schema: 'PUBLIC', name } };
    },
    async failsWhenExecuted() {
      fake.state.addTable('ANALYTICS', 'PUBLIC', 'fails_when_read', [{ name: 'n', type: 'NUMBER(38,0)' }], [[1]], {
        failsOnRead: "Numeric value 'abc' is not recognized",
      });
      return { kind: 'table', table: { schema: 'PUBLIC', name: 'fails_when_read' } };
    },
    generatedRows,
    slowQuery,
    invalidQuery,
    openSessions: async () => fake.runningStatements(),
  };
}

/** The environment variables of the live tests; null (with what is missing) when they are not all set. */
export function liveSettings(env = process.env): { config: Record<string, unknown> } | { missing: string[] } {
  const privateKey = env.SNOWFLAKE_PRIVATE_KEY ?? (env.SNOWFLAKE_PRIVATE_KEY_PATH ? readFileSync(env.SNOWFLAKE_PRIVATE_KEY_PATH, 'utf8') : undefined);
  const missing = [
    ...(['SNOWFLAKE_ACCOUNT', 'SNOWFLAKE_USER', 'SNOWFLAKE_WAREHOUSE', 'SNOWFLAKE_DATABASE'] as const).filter((name) => !env[name]),
    ...(privateKey ? [] : ['SNOWFLAKE_PRIVATE_KEY or SNOWFLAKE_PRIVATE_KEY_PATH']),
  ];
  if (missing.length > 0) return { missing };
  return {
    config: {
      account: env.SNOWFLAKE_ACCOUNT,
      user: env.SNOWFLAKE_USER,
      privateKey,
      privateKeyPassphrase: env.SNOWFLAKE_PRIVATE_KEY_PASSPHRASE ?? '',
      warehouse: env.SNOWFLAKE_WAREHOUSE,
      database: env.SNOWFLAKE_DATABASE,
      schema: env.SNOWFLAKE_SCHEMA ?? 'FERRY_TEST',
      role: env.SNOWFLAKE_ROLE ?? '',
    },
  };
}

/** A Snowflake string literal: quotes doubled and backslashes escaped (Snowflake reads `\` as an escape in strings). */
const literal = (value: string) => `'${value.replaceAll('\\', '\\\\').replaceAll("'", "''")}'`;

function sqlValue(value: unknown, type: FixtureColumnType): string {
  if (value === null || value === undefined) return 'NULL';
  switch (type) {
    case 'integer':
    case 'bigint':
    case 'numeric':
    case 'double':
      return String(value);
    case 'boolean':
      return value ? 'TRUE' : 'FALSE';
    case 'date':
      return `${literal(String(value))}::DATE`;
    case 'timestamp':
      return `${literal(String(value))}::TIMESTAMP_NTZ`;
    case 'timestamptz':
      return `${literal((value as Date).toISOString())}::TIMESTAMP_TZ`;
    case 'json':
    case 'text[]':
      return `PARSE_JSON(${literal(JSON.stringify(value))})`;
    default:
      return literal(String(value));
  }
}

/**
 * The conformance fixture on a real Snowflake account (the opt-in live tests): tables are created in
 * SNOWFLAKE_SCHEMA (default FERRY_TEST, created when missing), which the user's role must be allowed to create
 * tables in; they are dropped at tear-down.
 */
export function liveSnowflakeFixture(settings: { config: Record<string, unknown> }): SourceFixture<SnowflakeConfig> {
  let config: SnowflakeConfig;
  let silent: { url: string; close(): Promise<void> };
  const created: string[] = [];
  const ctx: PluginContext = pluginContext();
  const run = (sql: string) => new Statement(new SqlApi(config, ctx), sql).run(ctx.signal);
  return {
    plugin: snowflakeSource as unknown as SourcePlugin,
    pluginModule: { path: require.resolve('../../../src/plugins/sources/snowflake'), exportName: 'snowflakeSource' },
    // A remote warehouse that may have to resume first.
    timeoutMs: 180_000,
    async setUp() {
      config = snowflakeConfig.parse(settings.config);
      silent = await silentServer();
      await run(`CREATE SCHEMA IF NOT EXISTS ${quoteIdentifier(config.schema)}`);
      return config;
    },
    async tearDown() {
      for (const table of created) await run(`DROP TABLE IF EXISTS ${table}`).catch(() => undefined);
      await silent.close();
    },
    badConfigs: (good) => badConfigs(good, silent.url),
    async createTable(name: string, columns: FixtureColumn[], rows: unknown[][]) {
      const table = `${quoteIdentifier(config.schema)}.${quoteIdentifier(name)}`;
      const definitions = columns.map(
        (column, index) =>
          `${quoteIdentifier(column.name)} ${snowflakeType(
            column.type,
            rows.map((row) => row[index]),
          )}`,
      );
      await run(`CREATE OR REPLACE TABLE ${table} (${definitions.join(', ')})`);
      created.push(table);
      if (rows.length > 0) {
        const selects = rows.map((row) => `SELECT ${row.map((value, index) => sqlValue(value, columns[index].type)).join(', ')}`);
        await run(`INSERT INTO ${table} ${selects.join(' UNION ALL ')}`);
      }
      return { kind: 'table', table: { schema: config.schema, name } };
    },
    async failsWhenExecuted() {
      // TO_NUMBER's type is known when compiling; 'abc' fails only when a row is converted.
      const table = `${quoteIdentifier(config.schema)}.${quoteIdentifier('ferry_fails_when_read')}`;
      await run(`CREATE OR REPLACE TABLE ${table} (V TEXT)`);
      created.push(table);
      await run(`INSERT INTO ${table} SELECT 'abc'`);
      return { kind: 'sql', sql: `SELECT TO_NUMBER(V) AS N FROM ${table}` };
    },
    generatedRows,
    slowQuery,
    invalidQuery,
    async openSessions() {
      const result = await run(
        `SELECT COUNT(*) FROM TABLE(INFORMATION_SCHEMA.QUERY_HISTORY_BY_USER(RESULT_LIMIT => 200)) WHERE EXECUTION_STATUS IN ('RUNNING', 'QUEUED') AND QUERY_TEXT NOT ILIKE '%QUERY_HISTORY_BY_USER%'`,
      );
      return Number(result.data[0]?.[0] ?? 0);
    },
  };
}

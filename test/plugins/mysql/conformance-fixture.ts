import { createServer, type Server, type Socket } from 'node:net';
import type { SourcePlugin } from '../../../src/plugins/contract';
import { mysqlSource } from '../../../src/plugins/sources/mysql';
import type { MysqlConfig } from '../../../src/plugins/sources/mysql/config';
import type { FixtureColumnType, SourceFixture } from '../../conformance/source-fixture';
import type { MariaDbServer } from '../../helpers/mariadb-server';
import { mysqlFixture, readerSessions } from './mysql-fixture';

/** MySQL has no array type: a text[] column is a JSON array, which reads back as an array. */
const mysqlTypes: Record<FixtureColumnType, string> = {
  integer: 'INT',
  bigint: 'BIGINT',
  numeric: 'DECIMAL(38, 12)',
  double: 'DOUBLE',
  text: 'TEXT',
  boolean: 'BOOLEAN',
  date: 'DATE',
  timestamp: 'DATETIME(6)',
  timestamptz: 'TIMESTAMP(6) NULL',
  json: 'JSON',
  'text[]': 'JSON',
};

const quote = (name: string) => `\`${name.replaceAll('`', '``')}\``;

/** A value in the contract's form as MySQL takes it (the admin session's time zone is UTC). */
function sqlValue(type: FixtureColumnType, value: unknown): unknown {
  if (value === null) return null;
  if (type === 'json' || type === 'text[]') return JSON.stringify(value);
  if (value instanceof Date) return value.toISOString().replace('T', ' ').replace('Z', '');
  return value;
}

/** The source conformance fixture for the mysql source, on a real MariaDB started for the test file. */
export function mysqlConformanceFixture(): SourceFixture<MysqlConfig> {
  let server: MariaDbServer | null = null;
  let silent: { server: Server; sockets: Set<Socket>; port: number } | null = null;
  let closedPort = 0;
  const admin = () => {
    if (!server) throw new Error('set up first');
    return server.admin;
  };

  return {
    plugin: mysqlSource as unknown as SourcePlugin,
    pluginModule: { path: require.resolve('../../../src/plugins/sources/mysql'), exportName: 'mysqlSource' },
    async setUp() {
      const fixture = await mysqlFixture();
      server = fixture.server;
      await admin().query(`SET time_zone = '+00:00'`);
      const sockets = new Set<Socket>();
      const listening = createServer((socket) => {
        sockets.add(socket);
        socket.on('error', () => undefined);
      });
      await new Promise<void>((resolve) => listening.listen(0, '127.0.0.1', resolve));
      silent = { server: listening, sockets, port: (listening.address() as { port: number }).port };
      const closed = createServer();
      await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
      closedPort = (closed.address() as { port: number }).port;
      await new Promise((resolve) => closed.close(resolve));
      return fixture.config;
    },
    async tearDown() {
      if (silent) {
        for (const socket of silent.sockets) socket.destroy();
        await new Promise((resolve) => silent!.server.close(resolve));
      }
      await server?.stop();
    },
    badConfigs: (good) => ({
      wrongPassword: {
        config: { ...good, password: 'not-the-password-4711' },
        message: /^MySQL at 127\.0\.0\.1:\d+ refused the login of user "ferry_reader" .*check the user and password/,
      },
      // The read-only user may not learn whether a database it has no grant on exists: the server answers 1044.
      unknownDatabase: {
        config: { ...good, database: 'no_such_database' },
        message: /may not use database "no_such_database" .*check the database name/,
      },
      unreachableHost: {
        config: { ...good, port: closedPort },
        message: new RegExp(`^Could not connect to 127\\.0\\.0\\.1:${closedPort}: connection refused`),
      },
      timeout: {
        config: { ...good, port: silent!.port, connectTimeoutSeconds: 0.3 },
        message: new RegExp(`^Could not connect to 127\\.0\\.0\\.1:${silent!.port} within 0\\.3 seconds: check the host and port`),
      },
    }),
    async createTable(name, columns, rows) {
      const definition = columns.map((column) => `${quote(column.name)} ${mysqlTypes[column.type]}`).join(', ');
      await admin().query(`CREATE TABLE ${quote(name)} (${definition})`);
      const placeholders = columns.map(() => '?').join(', ');
      for (const row of rows) {
        await admin().query(
          `INSERT INTO ${quote(name)} VALUES (${placeholders})`,
          row.map((value, i) => sqlValue(columns[i].type, value)),
        );
      }
      return { kind: 'sql', sql: `SELECT * FROM ${quote(name)}` };
    },
    table: (name) => ({ schema: 'ferry', name }),
    // Prepared fine; the subquery returns two rows, which fails on the first row executed.
    failsWhenExecuted: async () => ({ kind: 'sql', sql: 'SELECT seq AS id, (SELECT 1 UNION ALL SELECT 2) AS boom FROM seq_1_to_3' }),
    generatedRows: (count) => ({
      kind: 'sql',
      sql: `SELECT seq AS id, CONCAT('user', seq, '@example.com') AS email, CAST(seq * 1.5 AS DECIMAL(14, 2)) AS amount, DATE '2024-01-01' + INTERVAL (seq % 365) DAY AS created FROM seq_1_to_${count}`,
    }),
    slowQuery: (seconds) => ({ kind: 'sql', sql: `SELECT 1 AS id, SLEEP(${seconds}) AS pause` }),
    invalidQuery: () => ({
      query: { kind: 'sql', sql: 'SELECT id FROM ferry_no_such_table' },
      message: /^Table 'ferry\.ferry_no_such_table' doesn't exist$/,
    }),
    async openSessions() {
      return (await readerSessions(server!)).length;
    },
  };
}

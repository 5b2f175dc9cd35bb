import { createServer, type Server, type Socket } from 'node:net';
import { Client } from 'pg';
import type { SourcePlugin } from '../../../src/plugins/contract';
import type { FixtureColumnType, SourceFixture } from '../../conformance/source-fixture';
import { createTestDatabase } from '../../helpers/database';

const pgTypes: Record<FixtureColumnType, string> = {
  integer: 'int4',
  bigint: 'int8',
  numeric: 'numeric',
  double: 'float8',
  text: 'text',
  boolean: 'bool',
  date: 'date',
  timestamp: 'timestamp',
  timestamptz: 'timestamptz',
  json: 'jsonb',
  'text[]': 'text[]',
};

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** What test() must say for each bad config, given the good one and the port each bad one uses. */
export interface ExpectedMessages {
  wrongPassword(user: string): RegExp;
  unknownDatabase(database: string): RegExp;
  unreachableHost(port: number): RegExp;
  timeout(port: number): RegExp;
}

interface Connection {
  host: string;
  port: number;
  database: string;
  user: string;
  password: string;
  connectTimeoutSeconds?: number;
}

/**
 * The source conformance fixture for a plugin that reads PostgreSQL (the built-in one, or the example plugin): a
 * fresh database on the test server, a closed port, and a port that accepts connections and never answers.
 */
/** Where `plugin` is exported from the module at `path`; undefined for a plugin from elsewhere (it is then measured in-process). */
function exportOf(plugin: SourcePlugin, path: string): { path: string; exportName: string } | undefined {
  const exported = require(path) as Record<string, unknown>;
  const exportName = Object.keys(exported).find((name) => exported[name] === plugin);
  return exportName ? { path, exportName } : undefined;
}

/** `modulePath`: the module exporting `plugin`, for a plugin from outside Ferry's postgres folder (the example package). */
export function postgresConformanceFixture(
  plugin: SourcePlugin,
  messages: ExpectedMessages,
  modulePath = require.resolve('../../../src/plugins/sources/postgres'),
): SourceFixture<Connection> {
  let admin: Client | null = null;
  let silent: { server: Server; sockets: Set<Socket>; port: number } | null = null;
  let closedPort = 0;
  const sql = async (text: string, values?: unknown[]) => {
    if (!admin) throw new Error('set up first');
    return admin.query(text, values);
  };

  return {
    plugin,
    // Read in a process of its own for the memory test, as the other sources are: only the plugin is measured.
    pluginModule: exportOf(plugin, modulePath),
    async setUp() {
      const url = new URL(await createTestDatabase('ferry_conformance'));
      admin = new Client({ connectionString: url.href });
      await admin.connect();
      const sockets = new Set<Socket>();
      const server = createServer((socket) => {
        sockets.add(socket);
        socket.on('error', () => undefined);
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      silent = { server, sockets, port: (server.address() as { port: number }).port };
      const closed = createServer();
      await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
      closedPort = (closed.address() as { port: number }).port;
      await new Promise((resolve) => closed.close(resolve));
      return plugin.config.parse({
        host: url.hostname,
        port: Number(url.port),
        database: decodeURIComponent(url.pathname.slice(1)),
        user: decodeURIComponent(url.username),
        password: decodeURIComponent(url.password),
      }) as unknown as Connection;
    },
    async tearDown() {
      await admin?.end();
      if (silent) {
        for (const socket of silent.sockets) socket.destroy();
        await new Promise((resolve) => silent!.server.close(resolve));
      }
    },
    badConfigs: (good) => ({
      wrongPassword: { config: { ...good, password: 'not-the-password-4711' }, message: messages.wrongPassword(good.user) },
      unknownDatabase: { config: { ...good, database: 'no_such_database' }, message: messages.unknownDatabase('no_such_database') },
      unreachableHost: { config: { ...good, port: closedPort }, message: messages.unreachableHost(closedPort) },
      timeout: { config: { ...good, port: silent!.port, connectTimeoutSeconds: 0.3 }, message: messages.timeout(silent!.port) },
    }),
    async createTable(name, columns, rows) {
      const definition = columns.map((column) => `${quote(column.name)} ${pgTypes[column.type]}`).join(', ');
      await sql(`CREATE TABLE public.${quote(name)} (${definition})`);
      const placeholders = columns.map((column, i) => `$${i + 1}::${pgTypes[column.type]}`).join(', ');
      for (const row of rows) {
        const values = row.map((value, i) => (columns[i].type === 'json' && value !== null ? JSON.stringify(value) : value));
        await sql(`INSERT INTO public.${quote(name)} VALUES (${placeholders})`, values);
      }
      return { kind: 'sql', sql: `SELECT * FROM public.${quote(name)}` };
    },
    table: (name) => ({ schema: 'public', name }),
    // Described fine; the division fails on the first row it computes.
    failsWhenExecuted: async () => ({ kind: 'sql', sql: 'SELECT g AS id, 1 / (g - g) AS boom FROM generate_series(1, 3) AS g' }),
    generatedRows: (count) => ({
      kind: 'sql',
      sql: `SELECT g AS id, 'user' || g || '@example.com' AS email, (g * 1.5)::numeric(14, 2) AS amount, DATE '2024-01-01' + g % 365 AS created FROM generate_series(1, ${count}) AS g`,
    }),
    // pg_sleep in the select list runs when the first row is fetched.
    slowQuery: (seconds) => ({ kind: 'sql', sql: `SELECT 1 AS id, pg_sleep(${seconds}) AS pause` }),
    invalidQuery: () => ({
      query: { kind: 'sql', sql: 'SELECT id FROM ferry_no_such_table' },
      message: /relation "ferry_no_such_table" does not exist/,
    }),
    async openSessions() {
      const { rows } = await sql(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`);
      return rows[0].n as number;
    },
  };
}

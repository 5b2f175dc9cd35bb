import type { Row } from '../../../src/plugins/contract';
import { mysqlConfig, type MysqlConfig } from '../../../src/plugins/sources/mysql/config';
import { startMariaDb, type MariaDbServer } from '../../helpers/mariadb-server';

export interface MysqlFixture {
  server: MariaDbServer;
  /** The plugin config of the read-only user, as a user would type it into the form. */
  config: MysqlConfig;
}

/** Starts a real MariaDB for one test file (call in beforeAll; stop the server in afterAll). */
export async function mysqlFixture(): Promise<MysqlFixture> {
  const server = await startMariaDb();
  const config = mysqlConfig.parse({
    host: '127.0.0.1',
    port: server.port,
    database: server.database,
    user: server.reader.user,
    password: server.reader.password,
  });
  return { server, config };
}

export interface ServerSession {
  id: number;
  command: string;
  state: string;
  info: string | null;
}

/** The read-only user's connections to the server right now (Ferry's sessions), from the process list. */
export async function readerSessions(server: MariaDbServer): Promise<ServerSession[]> {
  const [rows] = await server.admin.query(
    `SELECT ID AS id, COMMAND AS command, STATE AS state, INFO AS info FROM information_schema.PROCESSLIST WHERE USER = ?`,
    [server.reader.user],
  );
  return rows as ServerSession[];
}

/** Waits until the read-only user has no connection left (a thread ends a moment after its client leaves). */
export async function waitUntilReleased(server: MariaDbServer, withinMs = 3000): Promise<void> {
  const deadline = Date.now() + withinMs;
  for (;;) {
    const left = await readerSessions(server);
    if (left.length === 0) return;
    if (Date.now() > deadline) throw new Error(`sessions still open after ${withinMs} ms: ${JSON.stringify(left)}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

export async function readAll(batches: AsyncIterable<Row[]>): Promise<Row[][]> {
  const all: Row[][] = [];
  for await (const batch of batches) all.push(batch);
  return all;
}

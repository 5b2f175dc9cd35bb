import { createConnection, type Connection, type ConnectionOptions } from 'mysql2';
import type { Socket } from 'node:net';
import { connectGuardedSource, type PluginContext } from '../../contract';
import type { MysqlConfig } from './config';
import { connectionError } from './connection-errors';

/**
 * How mysql2 reaches the server described by `config`, and the value forms it gives: BIGINT and DECIMAL as
 * strings (no precision lost), DATE, DATETIME and TIMESTAMP as the server's text (turned into the contract's
 * forms by `value-converters.ts`).
 */
export function connectionOptions(config: MysqlConfig): ConnectionOptions {
  return {
    host: config.host,
    port: config.port,
    database: config.database,
    user: config.user,
    password: config.password,
    ...(config.ssl ? { ssl: { rejectUnauthorized: true } } : {}),
    connectTimeout: Math.max(1, Math.round(config.connectTimeoutSeconds * 1000)),
    charset: 'utf8mb4_unicode_ci',
    supportBigNumbers: true,
    bigNumberStrings: true,
    decimalNumbers: false,
    dateStrings: true,
    multipleStatements: false,
    enableKeepAlive: true,
    // Ferry's outbound rules (no link-local or metadata address), checked on the resolved address at connect time.
    stream: () => {
      const socket = connectGuardedSource({ host: config.host, port: config.port });
      socket.setNoDelay(true);
      socket.setKeepAlive(true);
      return socket;
    },
  };
}

/**
 * Opens one connection. Throws ConnectionError saying what to fix when the server cannot be reached or
 * refuses the login, or `ctx.signal`'s reason when it aborts first (the half-open connection is dropped).
 */
export async function connect(config: MysqlConfig, ctx: Pick<PluginContext, 'signal' | 'logger'>): Promise<Connection> {
  ctx.signal.throwIfAborted();
  const connection = createConnection(connectionOptions(config));
  // A connection that dies while idle must not crash the process: the next query on it reports the failure.
  connection.on('error', (error: Error) => ctx.logger.debug('mysql: connection error', { message: error.message }));
  try {
    await new Promise<void>((resolve, reject) => {
      const onAbort = () => reject(ctx.signal.reason);
      ctx.signal.addEventListener('abort', onAbort, { once: true });
      connection.connect((error) => {
        ctx.signal.removeEventListener('abort', onAbort);
        if (error) reject(error);
        else resolve();
      });
    });
    return connection;
  } catch (error) {
    dropConnection(connection);
    ctx.signal.throwIfAborted();
    throw connectionError(error, config);
  }
}

/** Runs one statement with the callback API, as a promise of its rows and fields. */
export function query<T = Record<string, unknown>[]>(connection: Connection, sql: string, values: unknown[] = []): Promise<T> {
  return new Promise((resolve, reject) => {
    connection.query(sql, values, (error, rows) => (error ? reject(error) : resolve(rows as T)));
  });
}

/**
 * Closes the socket at once. mysql2's own destroy() only half-closes it (FIN), and a server blocked writing rows
 * that Ferry stopped reading would then wait for net_write_timeout; a destroyed socket resets the connection.
 */
export function dropConnection(connection: Connection): void {
  connection.destroy();
  (connection as unknown as { stream?: Socket }).stream?.destroy();
}

import { Connection, type ConnectionConfiguration } from 'tedious';
import type { Socket } from 'node:net';
import { connectGuardedSource, type PluginContext } from '../../contract';
import type { Dialect, TdsConfig } from './config';
import { connectionError, encryptionNotOffered, type LoginMessage } from './connection-errors';
import { useExactValues } from './exact-values';

/**
 * Resolves once the socket is connected; rejects with its error (a refused address included), or, destroying the
 * socket, with `signal`'s reason: tedious aborts it when its connect timer fires and then waits for this promise.
 */
function connectedSocket(socket: Socket, signal?: AbortSignal): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const abort = () => {
      socket.destroy();
      reject(signal!.reason);
    };
    const fail = (error: Error) => {
      signal?.removeEventListener('abort', abort);
      reject(error);
    };
    socket.once('connect', () => {
      socket.off('error', fail);
      signal?.removeEventListener('abort', abort);
      resolve(socket);
    });
    socket.once('error', fail);
    if (signal?.aborted) abort();
    else signal?.addEventListener('abort', abort, { once: true });
  });
}

function connectionConfig(config: TdsConfig, dialect: Dialect): ConnectionConfiguration {
  return {
    server: config.server,
    authentication: { type: 'default', options: { userName: config.user, password: config.password } },
    options: {
      port: config.port,
      database: config.database,
      encrypt: config.encrypt,
      trustServerCertificate: config.trustServerCertificate,
      readOnlyIntent: dialect.readOnlyIntent,
      connectTimeout: Math.max(1, Math.round(config.connectTimeoutSeconds * 1000)),
      // tedious stops this timer at the first packet of the answer: it bounds the wait for rows, not the streaming.
      requestTimeout: Math.round(config.queryTimeoutSeconds * 1000),
      appName: 'ferry',
      useUTC: true,
      rowCollectionOnDone: false,
      rowCollectionOnRequestCompletion: false,
      // Ferry's outbound rules (no link-local or metadata address), checked on the resolved address at connect time.
      // (tedious calls it with the host, port and local address, its lookup and the connect timer's signal; its types
      // declare no parameters)
      connector: ((options: { host: string; port: number; localAddress?: string }, _lookup: unknown, signal?: AbortSignal) =>
        connectedSocket(connectGuardedSource(options), signal)) as unknown as () => Promise<Socket>,
    },
  };
}

/**
 * Opens one connection and logs in. Throws ConnectionError saying what to fix, or `ctx.signal`'s reason when it
 * aborts first. With encrypt on, a server that answers without TLS is refused (tedious would go on in clear).
 */
export async function connect(config: TdsConfig, dialect: Dialect, ctx: Pick<PluginContext, 'signal' | 'logger'>): Promise<Connection> {
  ctx.signal.throwIfAborted();
  const connection = new Connection(connectionConfig(config, dialect));
  useExactValues(connection);
  const messages: LoginMessage[] = [];
  let encrypted = false;
  const onMessage = (token: LoginMessage) => messages.push({ number: token.number, message: token.message });
  connection.on('errorMessage', onMessage);
  connection.on('secure', () => {
    encrypted = true;
  });
  // A connection that dies while idle must not crash the process: the next request on it reports the failure.
  connection.on('error', (error) => ctx.logger.debug(`${dialect.product}: connection error`, { message: error.message }));
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
  } catch (error) {
    connection.close();
    ctx.signal.throwIfAborted();
    throw connectionError(error, messages, config, dialect);
  } finally {
    connection.off('errorMessage', onMessage);
  }
  if (config.encrypt && !encrypted) {
    connection.close();
    throw encryptionNotOffered(config, dialect);
  }
  return connection;
}

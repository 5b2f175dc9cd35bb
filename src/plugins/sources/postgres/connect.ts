import { Client, type ClientConfig } from 'pg';
import { guardedSourceSocket, type PluginContext } from '../../contract';
import type { PostgresConfig } from './config';
import { connectionError } from './connection-errors';
import { refuseCleartextPassword, sslOption } from './tls';
import type { ValueParsers } from './value-parsers';

/** How pg reaches the server described by `config`; `types` are the client's own parsers (pg's global ones are never touched). */
export function clientConfig(config: PostgresConfig, parsers?: ValueParsers): ClientConfig {
  return {
    host: config.host,
    port: config.port,
    database: config.database,
    user: config.user,
    password: config.password,
    ssl: sslOption(config),
    connectionTimeoutMillis: Math.max(1, Math.round(config.connectTimeoutSeconds * 1000)),
    application_name: 'ferry',
    keepAlive: true,
    // Ferry's outbound rules (no link-local or metadata address), checked on the resolved address at connect time.
    stream: () => guardedSourceSocket(),
    ...(parsers ? { types: parsers.types } : {}),
  };
}

function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/**
 * Opens one connection. Throws ConnectionError saying what to fix when the server cannot be reached or
 * refuses the login, or `ctx.signal`'s reason when it aborts first (the half-open connection is dropped).
 */
export async function connect(
  config: PostgresConfig,
  ctx: Pick<PluginContext, 'signal' | 'logger'>,
  parsers?: ValueParsers,
  product = 'PostgreSQL',
): Promise<Client> {
  ctx.signal.throwIfAborted();
  refuseCleartextPassword(config);
  const client = new Client(clientConfig(config, parsers));
  // A connection that dies while idle must not crash the process: the next query on it reports the failure.
  client.on('error', (error) => ctx.logger.debug('postgres: connection error', { message: error.message }));
  const connecting = client.connect();
  try {
    await untilAborted(connecting, ctx.signal);
    return client;
  } catch (error) {
    connecting.catch(() => undefined);
    client.end().catch(() => undefined);
    ctx.signal.throwIfAborted();
    throw connectionError(error, config, product);
  }
}

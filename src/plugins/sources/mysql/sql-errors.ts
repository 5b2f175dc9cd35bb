import { ConnectionError, PluginConfigError } from '../../contract';
import type { MysqlConfig } from './config';
import type { DriverError } from './connection-errors';

const statementTimeouts = new Set([
  1969, // MariaDB ER_STATEMENT_TIMEOUT: max_statement_time exceeded
  3024, // MySQL ER_QUERY_TIMEOUT: max_execution_time exceeded
]);

/**
 * Turns an error met while running the model's SQL into a typed error: PluginConfigError carrying the server's
 * own message when the SQL failed (syntax 1064, unknown table 1146, …), ConnectionError when the connection did.
 */
export function queryError(cause: unknown, config: MysqlConfig): PluginConfigError | ConnectionError {
  const where = `${config.host}:${config.port}`;
  const error = (cause ?? {}) as DriverError & { fatal?: boolean };
  if (typeof error.errno !== 'number' || typeof error.sqlMessage !== 'string' || error.fatal) {
    const text = error.sqlMessage ?? error.message ?? String(cause);
    return new ConnectionError(`Lost the connection to MySQL at ${where}: ${text}`, { reason: 'connection_lost' });
  }
  const { errno, sqlMessage: message } = error;
  const extensions = { errno, ...(error.sqlState ? { sqlState: error.sqlState } : {}) };
  if (errno === 1792) {
    // ER_CANT_EXECUTE_IN_READ_ONLY_TRANSACTION: the SQL (or a function it calls) tried to write.
    return new PluginConfigError(`${message}: a model's SQL may only read (Ferry runs it in a READ ONLY transaction)`, extensions);
  }
  if (statementTimeouts.has(errno)) {
    return new PluginConfigError(
      `MySQL stopped the query after ${config.statementTimeoutSeconds} seconds (statementTimeoutSeconds): make the SQL faster, or raise statementTimeoutSeconds`,
      extensions,
    );
  }
  if (errno === 1142 || errno === 1143) {
    // ER_TABLEACCESS_DENIED_ERROR / ER_COLUMNACCESS_DENIED_ERROR
    return new PluginConfigError(`${message}: grant the user SELECT on what the model reads (see the README's MySQL grants)`, extensions);
  }
  return new PluginConfigError(message, extensions);
}

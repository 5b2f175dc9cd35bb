import { ConnectionError, PluginConfigError } from '../../contract';
import type { Dialect, TdsConfig } from './config';

interface ServerError {
  message: string;
  /** SQL Server's error number (absent on socket errors). */
  number?: number;
  code?: string;
  lineNumber?: number;
  errors?: ServerError[];
}

/** tedious gives several errors of one request as an AggregateError: the first names the cause (102, 208…). */
function firstServerError(cause: ServerError): ServerError {
  return cause.errors?.find((error) => typeof error.number === 'number') ?? cause;
}

/**
 * Turns an error met while running the model's SQL into a typed error: PluginConfigError with SQL Server's own
 * message (and its number and line) when the SQL failed, ConnectionError when the connection did.
 */
export function queryError(cause: unknown, config: TdsConfig, dialect: Dialect): PluginConfigError | ConnectionError {
  const where = `${config.server}:${config.port}`;
  const error = firstServerError((cause ?? {}) as ServerError);
  if (error.code === 'ETIMEOUT') {
    return new PluginConfigError(
      `${dialect.product} had not started answering after ${config.queryTimeoutSeconds} seconds (queryTimeoutSeconds), so Ferry cancelled the query: make the SQL faster, or raise queryTimeoutSeconds`,
      { reason: 'query_timeout' },
    );
  }
  if (typeof error.number !== 'number') {
    return new ConnectionError(`Lost the connection to ${dialect.product} at ${where}: ${error.message ?? String(cause)}`, {
      reason: 'connection_lost',
    });
  }
  const extensions: Record<string, unknown> = { serverError: error.number };
  let text = error.message;
  if (error.lineNumber && error.lineNumber > 0) {
    extensions.line = error.lineNumber;
    text += ` (line ${error.lineNumber})`;
  }
  if (error.number === 229 || error.number === 262 || error.number === 230) {
    text += `. Grant the login read access: GRANT SELECT ON SCHEMA::dbo TO [${config.user}] (or add its user to db_datareader)`;
  }
  return new PluginConfigError(text, extensions);
}

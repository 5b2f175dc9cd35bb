import { ConnectionError, PluginConfigError } from '../../contract';
import type { PostgresConfig } from './config';
import { postgresDialect, type PgDialect } from './dialect';

interface DatabaseErrorFields {
  message: string;
  /** SQLSTATE; absent on socket errors. */
  code?: string;
  /** 1-based character offset into the statement that failed. */
  position?: string;
  hint?: string;
  severity?: string;
}

export interface QueryErrorContext {
  config: PostgresConfig;
  /** The model's SQL as the user wrote it; null for a statement Ferry wrote (a table model's), whose positions mean nothing to the user. */
  sql: string | null;
  /** Characters Ferry put before the user's SQL in the statement that failed (e.g. `DECLARE … FOR `). */
  offset?: number;
  /** The server's dialect (default PostgreSQL): names the product and recognises its statement timeout. */
  dialect?: PgDialect;
}

function location(sql: string, position: number): { line: number; column: number } {
  const before = Array.from(sql)
    .slice(0, position - 1)
    .join('');
  const lines = before.split('\n');
  return { line: lines.length, column: Array.from(lines[lines.length - 1]).length + 1 };
}

function isDatabaseError(cause: unknown): cause is DatabaseErrorFields {
  const fields = cause as DatabaseErrorFields | null;
  return typeof fields?.severity === 'string' && typeof fields.code === 'string';
}

/**
 * Turns an error met while running the model's SQL into a typed error: PluginConfigError carrying
 * PostgreSQL's own message (and where in the SQL it points) when the SQL failed, ConnectionError when the
 * connection did.
 */
export function queryError(
  cause: unknown,
  { config, sql, offset = 0, dialect = postgresDialect }: QueryErrorContext,
): PluginConfigError | ConnectionError {
  const where = `${config.host}:${config.port}`;
  const product = dialect.product;
  if (!isDatabaseError(cause)) {
    const text = (cause as Error | undefined)?.message ?? String(cause);
    return new ConnectionError(`Lost the connection to ${product} at ${where}: ${text}`, { reason: 'connection_lost' });
  }
  const { code = '', message } = cause;
  if (code.startsWith('08') || ['57P01', '57P02', '57P03'].includes(code)) {
    return new ConnectionError(`Lost the connection to ${product} at ${where}: ${message}`, { reason: 'connection_lost', sqlState: code });
  }
  const extensions: Record<string, unknown> = { sqlState: code };
  if (code === '57014' && dialect.isStatementTimeout(message)) {
    return new PluginConfigError(
      `${product} stopped the query after ${config.statementTimeoutSeconds} seconds (statementTimeoutSeconds): make the SQL faster, or raise statementTimeoutSeconds`,
      extensions,
    );
  }
  if (code === '25006' || (code === '0A000' && /data-modifying/i.test(message))) {
    return new PluginConfigError(`${message}: a model's SQL may only read (Ferry runs it in a READ ONLY transaction)`, extensions);
  }
  let text = message;
  const position = Number(cause.position) - offset;
  if (sql !== null && cause.position && position >= 1) {
    const { line, column } = location(sql, position);
    Object.assign(extensions, { position, line, column });
    text += ` (line ${line}, column ${column})`;
  }
  if (cause.hint) text += `. Hint: ${cause.hint}`;
  return new PluginConfigError(text, extensions);
}

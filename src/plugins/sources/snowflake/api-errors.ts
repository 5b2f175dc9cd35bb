import { ConnectionError, PluginConfigError } from '../../contract';
import type { SnowflakeConfig } from './config';

/** The error fields of a Snowflake reply (QueryFailureStatus, QueryStatus, or a 4xx body). */
export interface SnowflakeFailure {
  code?: string;
  sqlState?: string;
  message?: string;
  statementHandle?: string;
}

const who = (config: SnowflakeConfig) => `user "${config.user}" on account "${config.account}"`;
const roleName = (config: SnowflakeConfig) => (config.role ? `role ${config.role}` : "the user's default role");
/** Snowflake's message without the request id it appends in brackets. */
const said = (failure: SnowflakeFailure) => (failure.message ?? '').replace(/\s*\[[0-9a-f-]{36}\]\s*$/i, '').trim();
/** Snowflake's message as an aside in parentheses: without its final period. */
const aside = (failure: SnowflakeFailure) => said(failure).replace(/\.+$/, '');

function details(failure: SnowflakeFailure, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    ...(failure.code ? { snowflakeCode: failure.code } : {}),
    ...(failure.sqlState ? { sqlState: failure.sqlState } : {}),
    ...(failure.statementHandle ? { statementHandle: failure.statementHandle } : {}),
    ...extra,
  };
}

/** A 401 (or 403) from the SQL API: the JWT was refused. `fingerprint` is the one of the configured key, to compare with DESCRIBE USER. */
export function authenticationError(config: SnowflakeConfig, failure: SnowflakeFailure, fingerprint: string): ConnectionError {
  const reason = aside(failure) || 'authentication failed';
  return new ConnectionError(
    `Snowflake refused the key of ${who(config)} (${reason}): check account and user, and that the public key of this private key is registered on the user ` +
      `(ALTER USER ${config.user} SET RSA_PUBLIC_KEY='…'; DESCRIBE USER ${config.user} must show RSA_PUBLIC_KEY_FP = ${fingerprint})`,
    details(failure, { reason: 'authentication_failed' }),
  );
}

/** A warehouse that cannot run the query: unknown, not granted to the role, or suspended without auto-resume. */
function warehouseError(config: SnowflakeConfig, failure: SnowflakeFailure): ConnectionError {
  return new ConnectionError(
    `Snowflake has no running warehouse for the query (${aside(failure)}): check that warehouse "${config.warehouse}" exists (the name is case-sensitive), ` +
      `that ${roleName(config)} may use it (GRANT USAGE ON WAREHOUSE ${config.warehouse} TO ROLE …), and that it is resumed or has AUTO_RESUME = TRUE ` +
      `(ALTER WAREHOUSE ${config.warehouse} RESUME)`,
    details(failure, { reason: 'warehouse_unavailable' }),
  );
}

/**
 * Turns a failed statement (422, 408) into a typed error that says what to fix: PluginConfigError with Snowflake's own
 * message when the SQL or an object it names is wrong, ConnectionError when the account setup is (warehouse, role).
 */
export function statementError(config: SnowflakeConfig, failure: SnowflakeFailure, lineOffset = 0): PluginConfigError | ConnectionError {
  // Ferry's wrapper lines (see describeSql) are taken off, so "line N" points into the model's SQL as written.
  const message = (said(failure) || 'the statement failed').replace(
    /\bline (\d+) at position\b/g,
    (_, line: string) => `line ${Math.max(1, Number(line) - lineOffset)} at position`,
  );
  const sentence = message.replace(/\.+$/, '');
  switch (failure.code) {
    case '000606':
      return warehouseError(config, failure);
    case '000630':
      return new PluginConfigError(
        `Snowflake stopped the query after ${config.statementTimeoutSeconds} seconds (statementTimeoutSeconds): make the SQL faster, use a larger warehouse, or raise statementTimeoutSeconds`,
        details(failure),
      );
    case '000604':
      return new ConnectionError(
        `Snowflake cancelled the query (${message}): someone cancelled it in Snowflake, or the warehouse was suspended; run it again`,
        details(failure, { reason: 'cancelled' }),
      );
    case '002003':
      return new PluginConfigError(
        `${sentence}. Check the name (quoted names are case-sensitive), and that ${roleName(config)} has USAGE on its database and schema and SELECT on it`,
        details(failure),
      );
    case '003001':
      return new PluginConfigError(
        `${sentence}. Grant ${roleName(config)} what the query needs, e.g. GRANT SELECT ON ALL TABLES IN SCHEMA … TO ROLE …`,
        details(failure),
      );
    case '390189':
      return new ConnectionError(
        `${message} Check role "${config.role}": it must exist and be granted to user ${config.user} (GRANT ROLE ${config.role} TO USER ${config.user})`,
        details(failure, { reason: 'role_not_granted' }),
      );
    case '000008':
      return new PluginConfigError(`${sentence}: a model is one query; remove the other statements`, details(failure));
    default:
      return new PluginConfigError(message, details(failure));
  }
}

/** Turns a ConnectionError-or-config failure of a statement into the ConnectionError a connection test reports. */
export function asConnectionError(error: unknown): unknown {
  if (error instanceof PluginConfigError) return new ConnectionError(error.message, { ...error.extensions });
  return error;
}

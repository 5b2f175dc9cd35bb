import { ConnectionError, ferryRefusal } from '../../contract';
import type { MysqlConfig } from './config';

/** Why a connection failed: a stable value in the error's `extensions.reason`. */
export type ConnectionFailure =
  | 'connection_refused'
  | 'host_not_found'
  | 'timeout'
  | 'authentication_failed'
  | 'database_not_found'
  | 'database_access_denied'
  | 'ssl_not_supported'
  | 'ssl_required'
  | 'ssl_certificate'
  | 'connection_lost'
  | 'server_refused';

/** The fields of a mysql2 error (server errors carry errno and sqlMessage; socket errors only code). */
export interface DriverError {
  message?: string;
  code?: string;
  errno?: number;
  sqlState?: string;
  sqlMessage?: string;
  errors?: DriverError[];
}

const certificateCodes = new Set([
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

function failure(cause: DriverError, config: MysqlConfig): { reason: ConnectionFailure; message: string } {
  const where = `${config.host}:${config.port}`;
  const code = cause.code ?? cause.errors?.[0]?.code;
  const text = cause.sqlMessage ?? cause.message ?? cause.errors?.[0]?.message ?? String(cause);

  switch (cause.errno) {
    case 1045: // ER_ACCESS_DENIED_ERROR
      return {
        reason: 'authentication_failed',
        message: `MySQL at ${where} refused the login of user "${config.user}" (${text}): check the user and password, and that the user may log in from Ferry's address`,
      };
    case 1049: // ER_BAD_DB_ERROR
      return {
        reason: 'database_not_found',
        message: `Database "${config.database}" does not exist on ${where}: check the database name (list them with SHOW DATABASES)`,
      };
    case 1044: // ER_DBACCESS_DENIED_ERROR
      return {
        reason: 'database_access_denied',
        message: `User "${config.user}" may not use database "${config.database}" on ${where} (the server says so too when the database does not exist): check the database name (list them with SHOW DATABASES), or grant the user SELECT on ${config.database}.* (see the README)`,
      };
    case 3159: // ER_SECURE_TRANSPORT_REQUIRED (MySQL's require_secure_transport)
      return { reason: 'ssl_required', message: `MySQL at ${where} requires TLS: turn ssl on. The server said: ${text}` };
  }
  switch (code) {
    case 'ECONNREFUSED':
      return {
        reason: 'connection_refused',
        message: `Could not connect to ${where}: connection refused. Check the host and port and that the server accepts TCP connections (bind-address)`,
      };
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EAI_NONAME':
      return { reason: 'host_not_found', message: `Could not find the host "${config.host}" (DNS lookup failed): check the host name` };
    case 'ETIMEDOUT':
      return {
        reason: 'timeout',
        message: `Could not connect to ${where} within ${config.connectTimeoutSeconds} seconds: check the host and port, that a firewall lets Ferry through, and that the server is up (or raise connectTimeoutSeconds)`,
      };
    case 'HANDSHAKE_NO_SSL_SUPPORT':
      return {
        reason: 'ssl_not_supported',
        message: `The server at ${where} does not accept TLS connections: turn ssl off, or enable TLS on the server`,
      };
    case 'ECONNRESET':
    case 'PROTOCOL_CONNECTION_LOST':
      return {
        reason: 'connection_lost',
        message: `${where} closed the connection during login: check that it is a MySQL or MariaDB server and that the ssl setting matches it (${text})`,
      };
  }
  if (code && certificateCodes.has(code)) {
    return {
      reason: 'ssl_certificate',
      message: `The TLS certificate of ${where} could not be verified (${text}): use the host name the certificate was issued for, or a certificate signed by a trusted CA`,
    };
  }
  return { reason: 'server_refused', message: `Could not connect to MySQL at ${where}: ${text}` };
}

/**
 * Turns a driver or network error met while connecting into a ConnectionError that says what to fix.
 * The message never contains the password: only the host, port, user and database are named.
 */
export function connectionError(cause: unknown, config: MysqlConfig): ConnectionError {
  const refusal = ferryRefusal(cause);
  if (refusal) return refusal;
  const driverError = (cause ?? {}) as DriverError;
  const { reason, message } = failure(driverError, config);
  return new ConnectionError(message, {
    reason,
    ...(driverError.errno && driverError.errno > 0 && driverError.sqlMessage ? { errno: driverError.errno } : {}),
    ...(driverError.code ? { driverCode: driverError.code } : {}),
  });
}

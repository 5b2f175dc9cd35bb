import { ConnectionError, ferryRefusal } from '../../contract';
import type { PostgresConfig } from './config';

/** Why a connection failed: a stable value in the error's `extensions.reason`. */
export type ConnectionFailure =
  | 'connection_refused'
  | 'host_not_found'
  | 'timeout'
  | 'authentication_failed'
  | 'database_not_found'
  | 'ssl_not_supported'
  | 'ssl_required'
  | 'ssl_certificate'
  | 'connection_lost'
  | 'server_refused';

interface DriverError {
  message?: string;
  code?: string;
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

function failure(cause: DriverError, config: PostgresConfig, product: string): { reason: ConnectionFailure; message: string } {
  const where = `${config.host}:${config.port}`;
  // Node reports a host with several addresses (IPv4 and IPv6) as an AggregateError of one error per address.
  const code = cause.code ?? cause.errors?.[0]?.code;
  const text = cause.message ?? cause.errors?.[0]?.message ?? String(cause);

  switch (code) {
    case 'ECONNREFUSED':
      return {
        reason: 'connection_refused',
        message: `Could not connect to ${where}: connection refused. Check the host and port and that ${product} accepts TCP connections`,
      };
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EAI_NONAME':
      return {
        reason: 'host_not_found',
        message: `Could not find the host "${config.host}" (DNS lookup failed): check the host name`,
      };
    case 'ETIMEDOUT':
      return { reason: 'timeout', message: timedOut(config) };
    case '28P01':
      return {
        reason: 'authentication_failed',
        message: `${product} at ${where} refused the password for user "${config.user}": check the user and password`,
      };
    case '3D000':
      return {
        reason: 'database_not_found',
        message: `Database "${config.database}" does not exist on ${where}: check the database name (list them with \\l in psql)`,
      };
    case '28000':
      if (/no encryption|SSL off|SSL required|requires SSL/i.test(text)) {
        return { reason: 'ssl_required', message: `${product} at ${where} requires SSL: turn ssl on. The server said: ${text}` };
      }
      return {
        reason: 'authentication_failed',
        message: `${product} at ${where} refused user "${config.user}": ${text}. Check the user, and that the server allows it to log in from Ferry's address`,
      };
  }
  if (code && certificateCodes.has(code)) {
    return {
      reason: 'ssl_certificate',
      message: `The SSL certificate of ${where} could not be verified (${text}): use the host name the certificate was issued for, or a certificate signed by a trusted CA`,
    };
  }
  if (/client password must be a/i.test(text)) {
    return { reason: 'authentication_failed', message: `${product} at ${where} asks user "${config.user}" for a password: set password` };
  }
  if (/does not support SSL/i.test(text)) {
    return {
      reason: 'ssl_not_supported',
      message: `${product} at ${where} does not accept SSL connections: turn ssl off, or enable SSL on the server`,
    };
  }
  if (/timeout expired|connection timeout/i.test(text)) return { reason: 'timeout', message: timedOut(config) };
  if (code === 'ECONNRESET' || /Connection terminated/i.test(text)) {
    return {
      reason: 'connection_lost',
      message: `${where} closed the connection: check that it is a ${product} server and that the ssl setting matches it (${text})`,
    };
  }
  return { reason: 'server_refused', message: `Could not connect to ${product} at ${where}: ${text}` };
}

function timedOut(config: PostgresConfig): string {
  return `Could not connect to ${config.host}:${config.port} within ${config.connectTimeoutSeconds} seconds: check the host and port, that a firewall lets Ferry through, and that the server is up (or raise connectTimeoutSeconds)`;
}

/**
 * Turns a driver or network error met while connecting into a ConnectionError that says what to fix.
 * The message never contains the password: only the host, port, user and database are named.
 */
export function connectionError(cause: unknown, config: PostgresConfig, product = 'PostgreSQL'): ConnectionError {
  const refusal = ferryRefusal(cause);
  if (refusal) return refusal;
  const driverError = (cause ?? {}) as DriverError;
  const { reason, message } = failure(driverError, config, product);
  return new ConnectionError(message, { reason, ...(driverError.code ? { driverCode: driverError.code } : {}) });
}

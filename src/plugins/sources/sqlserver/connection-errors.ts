import { ConnectionError, ferryRefusal } from '../../contract';
import type { Dialect, TdsConfig } from './config';

/** Why a connection failed: a stable value in the error's `extensions.reason`. */
export type ConnectionFailure =
  | 'connection_refused'
  | 'host_not_found'
  | 'timeout'
  | 'authentication_failed'
  | 'database_not_found'
  | 'encryption_required'
  | 'encryption_not_supported'
  | 'ssl_certificate'
  | 'server_name_is_ip'
  | 'connection_lost'
  | 'server_refused';

/** The server's numbered messages met during login (tedious reports only the last one). */
export interface LoginMessage {
  number: number;
  message: string;
}

interface DriverError {
  message?: string;
  code?: string;
  cause?: DriverError;
  errors?: DriverError[];
}

/** Node.js 26's refusal of an IP address as the TLS server name (tedious sends `server` as SNI). */
const ipServerNamePattern = /TLS ServerName to an IP address is not permitted/i;

const certificatePattern = /self[- ]signed|unable to verify|certificate|altnames|CERT_/i;

function errorChain(error: DriverError, depth = 0): DriverError[] {
  if (depth > 4) return [error];
  const inner = [...(error.cause ? [error.cause] : []), ...(error.errors ?? [])];
  return [error, ...inner.flatMap((next) => errorChain(next, depth + 1))];
}

function failure(cause: DriverError, messages: LoginMessage[], config: TdsConfig, dialect: Dialect): { reason: ConnectionFailure; message: string } {
  const where = `${config.server}:${config.port}`;
  // tedious wraps the socket's error (an AggregateError of one per address, for a host with several) in its own.
  const chain = errorChain(cause);
  const code = chain.map((error) => error.code).find((value) => value && value !== 'ESOCKET') ?? cause.code;
  const text = [...new Set(chain.map((error) => error.message).filter(Boolean))].join(': ');
  const numbers = new Set(messages.map((message) => message.number));

  if (numbers.has(4060)) {
    return {
      reason: 'database_not_found',
      message: `${dialect.product} at ${where} has no database "${config.database}" that user "${config.user}" may open (error 4060): check the database name, and that the login has a user in that database`,
    };
  }
  if (numbers.has(18456)) {
    return {
      reason: 'authentication_failed',
      message: `${dialect.product} at ${where} refused the login "${config.user}" (error 18456): check the user and password, and that the server allows SQL Server authentication`,
    };
  }
  if (messages.length > 0) {
    const first = messages[0];
    return { reason: 'server_refused', message: `${dialect.product} at ${where} refused the connection (error ${first.number}): ${first.message}` };
  }
  if (ipServerNamePattern.test(text)) {
    return {
      reason: 'server_name_is_ip',
      message: `${dialect.product} at ${where}: with encrypt on, give server as a host name (the one the server's certificate names), not an IP address: the driver sends server as the TLS server name, and Node.js ${process.versions.node.split('.')[0]} refuses an IP address there. Or turn encrypt off on a network you trust`,
    };
  }
  switch (code) {
    case 'ECONNREFUSED':
      return {
        reason: 'connection_refused',
        message: `Could not connect to ${where}: connection refused. Check the server and port, and that ${dialect.product} accepts TCP connections`,
      };
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EAI_NONAME':
      return { reason: 'host_not_found', message: `Could not find the host "${config.server}" (DNS lookup failed): check the server name` };
    case 'ETIMEOUT':
    case 'ETIMEDOUT':
      return { reason: 'timeout', message: timedOut(config) };
    case 'EENCRYPT':
      return {
        reason: 'encryption_required',
        message: `${dialect.product} at ${where} requires an encrypted connection: turn encrypt on`,
      };
  }
  if (certificatePattern.test(text)) {
    return {
      reason: 'ssl_certificate',
      message: `The TLS certificate of ${where} could not be verified (${text}): use the host name the certificate was issued for, install a certificate signed by a trusted CA on the server, or (on a network you trust) turn trustServerCertificate on`,
    };
  }
  if (/timeout|timed out/i.test(text)) return { reason: 'timeout', message: timedOut(config) };
  if (/ECONNRESET|closed|end of message stream|socket hang up/i.test(text)) {
    return {
      reason: 'connection_lost',
      message: `${where} closed the connection during login: check that it is a ${dialect.product} server and that the encrypt setting matches it (${text})`,
    };
  }
  return { reason: 'server_refused', message: `Could not connect to ${dialect.product} at ${where}: ${text}` };
}

function timedOut(config: TdsConfig): string {
  return `Could not connect to ${config.server}:${config.port} within ${config.connectTimeoutSeconds} seconds: check the server and port, that a firewall lets Ferry through, and that the server is up (or raise connectTimeoutSeconds)`;
}

/** A ConnectionError saying what to fix; never contains the password. */
export function connectionError(cause: unknown, messages: LoginMessage[], config: TdsConfig, dialect: Dialect): ConnectionError {
  const refusal = ferryRefusal(cause);
  if (refusal) return refusal;
  const driverError = (cause ?? {}) as DriverError;
  const { reason, message } = failure(driverError, messages, config, dialect);
  return new ConnectionError(message, { reason, ...(messages[0] ? { serverError: messages[0].number } : {}) });
}

/** The server accepted a plain connection although encrypt is on: refuse rather than send the password in clear. */
export function encryptionNotOffered(config: TdsConfig, dialect: Dialect): ConnectionError {
  return new ConnectionError(
    `${dialect.product} at ${config.server}:${config.port} does not offer encryption although encrypt is on: install a certificate on the server, or turn encrypt off on a network you trust`,
    { reason: 'encryption_not_supported' },
  );
}

import type { ClientConfig } from 'pg';
import { ConnectionError, isLoopbackHost } from '../../contract';
import type { PostgresConfig } from './config';

/**
 * pg's `ssl` option: off, or TLS that verifies the server certificate against the system CAs and the host name.
 * Only on a loopback host is the certificate taken as it is (a local server's self-signed one never left the machine).
 */
export function sslOption(config: Pick<PostgresConfig, 'host' | 'ssl'>): ClientConfig['ssl'] {
  if (!config.ssl) return false;
  return { rejectUnauthorized: !isLoopbackHost(config.host) };
}

/** Refuses to send a password in clear text to another machine: ssl must be on for a non-loopback host. */
export function refuseCleartextPassword(config: Pick<PostgresConfig, 'host' | 'ssl' | 'password'>): void {
  if (config.ssl || config.password === '' || isLoopbackHost(config.host)) return;
  throw new ConnectionError(
    `Refusing to send the password to ${config.host} in clear text: turn ssl on (set "ssl": true; the server's certificate is then verified), or connect through localhost`,
    { reason: 'ssl_required_for_password' },
  );
}

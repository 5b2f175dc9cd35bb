import { Client } from 'pg';
import type { PostgresConfig } from './config';
import { clientConfig } from './connect';

/**
 * Cancels whatever statement the backend `pid` is running, from a second connection (pg_cancel_backend:
 * allowed on one's own backends). The statement then fails with SQLSTATE 57014 on its own connection.
 */
export async function cancelBackend(config: PostgresConfig, pid: number): Promise<void> {
  const client = new Client(clientConfig(config));
  client.on('error', () => undefined);
  await client.connect();
  try {
    await client.query('SELECT pg_catalog.pg_cancel_backend($1)', [pid]);
  } finally {
    await client.end();
  }
}

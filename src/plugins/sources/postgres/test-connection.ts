import type { PluginContext } from '../../contract';
import type { PostgresConfig } from './config';
import { connectionError } from './connection-errors';
import { postgresDialect, type PgDialect } from './dialect';
import { Session } from './session';

/** Connects and runs `SELECT 1`; throws ConnectionError saying what to fix. */
export async function testConnection(config: PostgresConfig, ctx: PluginContext, dialect: PgDialect = postgresDialect): Promise<void> {
  const session = await Session.open(config, ctx, dialect);
  try {
    await session.run(
      (client) => client.query('SELECT 1'),
      (cause) => connectionError(cause, config, dialect.product),
    );
  } finally {
    await session.close();
  }
}

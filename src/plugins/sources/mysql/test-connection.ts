import type { PluginContext } from '../../contract';
import type { MysqlConfig } from './config';
import { query } from './connect';
import { connectionError } from './connection-errors';
import { Session } from './session';

/** Connects and runs `SELECT 1`; throws ConnectionError saying what to fix. */
export async function testConnection(config: MysqlConfig, ctx: PluginContext): Promise<void> {
  const session = await Session.open(config, ctx);
  try {
    await session.run(
      (connection) => query(connection, 'SELECT 1'),
      (cause) => connectionError(cause, config),
    );
  } finally {
    await session.close();
  }
}

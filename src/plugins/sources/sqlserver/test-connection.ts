import type { PluginContext } from '../../contract';
import type { Dialect, TdsConfig } from './config';
import { connectionError } from './connection-errors';
import { Session } from './session';

/** Connects, logs in and runs `SELECT 1`; throws ConnectionError saying what to fix. */
export async function testConnection(config: TdsConfig, dialect: Dialect, ctx: PluginContext): Promise<void> {
  const session = await Session.open(config, dialect, ctx);
  try {
    await session.rows('SELECT 1', []).catch((cause: unknown) => {
      throw ctx.signal.aborted ? ctx.signal.reason : connectionError(cause, [], config, dialect);
    });
  } finally {
    session.close();
  }
}

import type { PluginContext } from '../../contract';
import type { MysqlConfig } from './config';
import { connect, dropConnection, query } from './connect';

/**
 * Stops the statement that connection `threadId` is running, from a second connection (`KILL QUERY`: any user
 * may kill its own threads). The statement then fails with ER_QUERY_INTERRUPTED (1317) on its own connection,
 * which stays open.
 */
export async function killQuery(config: MysqlConfig, threadId: number, ctx: Pick<PluginContext, 'logger'>): Promise<void> {
  const connection = await connect(config, { signal: new AbortController().signal, logger: ctx.logger });
  try {
    // KILL takes no placeholders; threadId is the integer the server gave at handshake.
    await query(connection, `KILL QUERY ${Math.trunc(threadId)}`);
  } finally {
    dropConnection(connection);
  }
}

import type { PluginContext } from '../../contract';
import { StatementApi } from './api';
import type { DatabricksConfig } from './config';
import { runStatement } from './statement';

/**
 * Runs `SELECT 1` on the SQL warehouse: proves the host, the token, the warehouse (and CAN USE on it) and the
 * catalog and schema settings. A stopped warehouse is started by this, as by any statement.
 */
export async function testConnection(config: DatabricksConfig, ctx: PluginContext): Promise<void> {
  await runStatement(new StatementApi(config, ctx), config, { statement: 'SELECT 1', disposition: 'INLINE' }, ctx);
}

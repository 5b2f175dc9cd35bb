import type { Column, ModelQuery, PluginContext } from '../../contract';
import type { Dialect, TdsConfig } from './config';
import { describeModel } from './describe';
import { modelSql } from './model-sql';
import { Session } from './session';
import { queryError } from './sql-errors';

/** The columns the model returns and their SQL Server type names (e.g. decimal(18,2)), without reading a row. */
export async function columns(config: TdsConfig, dialect: Dialect, query: ModelQuery, ctx: PluginContext): Promise<Column[]> {
  const sql = modelSql(query);
  const session = await Session.open(config, dialect, ctx);
  try {
    return await describeModel(session, sql, (cause) => (ctx.signal.aborted ? ctx.signal.reason : queryError(cause, config, dialect)));
  } finally {
    session.close();
  }
}

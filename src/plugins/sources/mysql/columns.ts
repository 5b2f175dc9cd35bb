import { PluginConfigError, type Column, type ModelQuery, type PluginContext } from '../../contract';
import type { MysqlConfig } from './config';
import { describeModel } from './describe';
import { modelSql } from './model-sql';
import { Session } from './session';
import { queryError } from './sql-errors';

/** The columns the query returns and their MySQL type names, without reading a single row (the statement is only prepared). */
export async function columns(config: MysqlConfig, query: ModelQuery, ctx: PluginContext): Promise<Column[]> {
  const text = modelSql(query);
  const failure = (cause: unknown) => (cause instanceof PluginConfigError ? cause : queryError(cause, config));
  const session = await Session.open(config, ctx);
  try {
    // The prepare waits on metadata locks: the server's statement time limit bounds that wait.
    await session.begin(failure, { statementLimit: true });
    return await session.run((connection) => describeModel(connection, text), failure);
  } finally {
    await session.close();
  }
}

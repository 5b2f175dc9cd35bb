import type { Column, ModelQuery, PluginContext } from '../../contract';
import type { PostgresConfig } from './config';
import { describeModel } from './describe-model';
import { postgresDialect, type PgDialect } from './dialect';
import { modelSql } from './model-sql';
import { Session } from './session';
import { queryError } from './sql-errors';

/** The columns `sql` returns and their PostgreSQL type names, without reading a single row. */
export async function columns(
  config: PostgresConfig,
  query: ModelQuery,
  ctx: PluginContext,
  dialect: PgDialect = postgresDialect,
): Promise<Column[]> {
  const text = modelSql(query);
  const userSql = query.kind === 'sql' ? text : null;
  const session = await Session.open(config, ctx, dialect);
  try {
    // The describe takes table locks; in the transaction the statement timeout bounds a wait on them.
    await session.beginReadOnly((cause) => queryError(cause, { config, sql: userSql, dialect }));
    return await describeModel(session, config, text, userSql);
  } finally {
    await session.close();
  }
}

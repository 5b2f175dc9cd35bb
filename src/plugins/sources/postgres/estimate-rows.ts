import type { QueryConfig } from 'pg';
import type { ModelQuery, PluginContext } from '../../contract';
import type { PostgresConfig } from './config';
import { postgresDialect, type PgDialect } from './dialect';
import { modelSql } from './model-sql';
import { Session } from './session';
import { queryError } from './sql-errors';

/** The planner's estimate of the rows the query returns (EXPLAIN, which reads no row), for progress only. */
export async function estimateRows(
  config: PostgresConfig,
  query: ModelQuery,
  ctx: PluginContext,
  dialect: PgDialect = postgresDialect,
): Promise<number | null> {
  const text = modelSql(query);
  const session = await Session.open(config, ctx, dialect);
  try {
    const failure = (cause: unknown) => queryError(cause, { config, sql: text, dialect });
    await session.beginReadOnly(failure);
    // The extended protocol takes one statement only, so nothing after a `;` in the model can run here.
    const { rows } = await session.run(
      (client) =>
        client.query<{ 'QUERY PLAN': Array<{ Plan: { 'Plan Rows': number } }> }>({
          text: `EXPLAIN (FORMAT JSON) ${text}`,
          queryMode: 'extended',
        } as QueryConfig),
      failure,
    );
    const planned = rows[0]?.['QUERY PLAN']?.[0]?.Plan?.['Plan Rows'];
    return typeof planned === 'number' ? planned : null;
  } finally {
    await session.close();
  }
}

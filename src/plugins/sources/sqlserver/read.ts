import type { ModelQuery, PluginContext, ReadOptions, Row } from '../../contract';
import type { Dialect, TdsConfig } from './config';
import { batches } from './batches';
import { describeModel } from './describe';
import { modelSql } from './model-sql';
import { rowValues } from './row-values';
import { Session } from './session';
import { queryError } from './sql-errors';

/**
 * Streams the rows of the model in batches of `batchSize`, with back-pressure (see batches.ts): only about one batch
 * is in memory.
 *
 * SQL Server reads in a transaction that is always rolled back (whatever the SQL did is undone), on a connection
 * with ApplicationIntent=ReadOnly; Synapse reads without one (see Dialect). Values: see row-values.ts.
 *
 * On `ctx.signal` abort the request is cancelled with an ATTENTION message and the abort reason is thrown. The
 * connection is closed however the iteration ends.
 */
export async function* read(
  config: TdsConfig,
  dialect: Dialect,
  query: ModelQuery,
  { batchSize }: ReadOptions,
  ctx: PluginContext,
): AsyncGenerator<Row[]> {
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError(`batchSize must be a whole number above 0, got ${batchSize}`);
  const sql = modelSql(query);
  const failure = (cause: unknown) => (ctx.signal.aborted ? ctx.signal.reason : queryError(cause, config, dialect));
  const step = (work: Promise<void>) =>
    work.catch((cause: unknown) => {
      throw failure(cause);
    });
  const session = await Session.open(config, dialect, ctx);
  try {
    const described = await describeModel(session, sql, failure);
    const jsonColumns = new Set(described.filter((column) => column.type === 'json').map((column) => column.name));
    if (dialect.transaction) await step(session.batch('SET XACT_ABORT ON; BEGIN TRANSACTION'));
    try {
      yield* batches(session, sql, batchSize, (row) => rowValues(row, jsonColumns));
    } catch (cause) {
      throw failure(cause);
    }
    if (dialect.transaction) await step(session.batch('IF @@TRANCOUNT > 0 ROLLBACK TRANSACTION'));
  } finally {
    session.close();
  }
}

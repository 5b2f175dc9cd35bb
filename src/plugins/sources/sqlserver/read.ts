import type { ModelQuery, PluginContext, ReadOptions, Row } from '../../contract';
import type { Dialect, TdsConfig } from './config';
import { describeModel } from './describe';
import { modelSql } from './model-sql';
import { rowValues } from './row-values';
import { Session } from './session';
import { queryError } from './sql-errors';

/**
 * Streams the rows of the model in batches of `batchSize`. SQL Server sends a result as one TDS stream: when a batch
 * is full the request is paused, tedious stops reading the socket, TCP's window fills and the server waits; the next
 * batch resumes it. Only one batch is in memory.
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
  const session = await Session.open(config, dialect, ctx);
  try {
    await describeModel(session, sql, failure);
    if (dialect.transaction) {
      await session.batch('SET XACT_ABORT ON; BEGIN TRANSACTION').catch((cause: unknown) => {
        throw failure(cause);
      });
    }

    const ready: Row[][] = [];
    let batch: Row[] = [];
    let wake: (() => void) | null = null;
    const signal = () => {
      wake?.();
      wake = null;
    };
    const { request, done } = session.query(sql, [], {
      onRow: (row) => {
        batch.push(rowValues(row));
        if (batch.length >= batchSize) {
          ready.push(batch);
          batch = [];
          request.pause();
          signal();
        }
      },
    });
    let finished = false;
    let error: unknown = null;
    done.then(
      () => {
        finished = true;
        signal();
      },
      (cause) => {
        finished = true;
        error = cause;
        signal();
      },
    );
    for (;;) {
      if (ready.length === 0 && !finished) await new Promise<void>((resolve) => (wake = resolve));
      if (error) throw failure(error);
      const next = ready.shift();
      if (next) {
        yield next;
        if (ready.length === 0 && !finished) request.resume();
        continue;
      }
      if (finished) break;
    }
    if (batch.length > 0) yield batch;
    if (dialect.transaction) {
      await session.batch('IF @@TRANCOUNT > 0 ROLLBACK TRANSACTION').catch((cause: unknown) => {
        throw failure(cause);
      });
    }
  } finally {
    session.close();
  }
}

import type { Readable } from 'node:stream';
import { PluginConfigError, type ModelQuery, type PluginContext, type ReadOptions, type Row } from '../../contract';
import type { MysqlConfig } from './config';
import { query } from './connect';
import { modelSql } from './model-sql';
import { RowBatches } from './row-batches';
import { Session } from './session';
import { queryError } from './sql-errors';

/**
 * Streams the rows of the query in batches of `batchSize`, in a READ ONLY transaction, with back-pressure: the
 * result streams over the connection and is paused while the consumer holds a batch (MySQL has no server-side
 * cursor over the text protocol, so the server's writes simply wait; net_write_timeout is raised for that).
 * Only one batch is ever in memory. See `rowConverter` for how each type comes back.
 *
 * statementTimeoutSeconds bounds the wait for each batch, not the time the consumer spends between batches (the
 * server's own per-statement limit would count the whole sync): when a batch is late the query is killed.
 *
 * On `ctx.signal` abort the query is killed on the server (KILL QUERY) and the abort reason is thrown. The
 * connection is closed however the iteration ends: done, failed, aborted, or left early (`break`).
 */
export async function* read(config: MysqlConfig, model: ModelQuery, { batchSize }: ReadOptions, ctx: PluginContext): AsyncGenerator<Row[]> {
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError(`batchSize must be a whole number above 0, got ${batchSize}`);
  const text = modelSql(model);
  let timedOut = false;
  const failure = (cause: unknown) => {
    if (timedOut) {
      return new PluginConfigError(
        `MySQL sent no rows for ${config.statementTimeoutSeconds} seconds (statementTimeoutSeconds), so Ferry stopped the query: make the SQL faster, or raise statementTimeoutSeconds`,
      );
    }
    return cause instanceof PluginConfigError ? cause : queryError(cause, config);
  };
  const session = await Session.open(config, ctx);
  let rowStream: Readable | null = null;
  try {
    await session.begin(failure, { statementLimit: false });
    const stream = session.connection.query(text).stream({ highWaterMark: Math.min(batchSize, 1000) });
    rowStream = stream;
    const batches = new RowBatches(stream, batchSize);
    session.streaming(true);
    for (;;) {
      const batch = await session.run(
        () =>
          withDeadline(batches.next(), config.statementTimeoutSeconds, () => {
            timedOut = true;
            void session.killStatement();
          }),
        failure,
      );
      if (batches.done) session.streaming(false);
      if (batch.length > 0) yield batch;
      if (batch.length < batchSize) break;
    }
    session.streaming(false);
    await session.run((connection) => query(connection, 'COMMIT'), failure);
  } finally {
    await session.close();
    rowStream?.destroy();
  }
}

/** `promise`, with `onLate` called if it has not settled within `seconds` (0: never). */
async function withDeadline<T>(promise: Promise<T>, seconds: number, onLate: () => void): Promise<T> {
  if (seconds <= 0) return promise;
  const timer = setTimeout(onLate, seconds * 1000);
  try {
    return await promise;
  } finally {
    clearTimeout(timer);
  }
}

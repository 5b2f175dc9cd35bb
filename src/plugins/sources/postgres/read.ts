import type { QueryResult } from 'pg';
import type { ModelQuery, PluginContext, ReadOptions, Row } from '../../contract';
import type { PostgresConfig } from './config';
import { describeModel } from './describe-model';
import { postgresDialect, type PgDialect } from './dialect';
import { modelSql } from './model-sql';
import { Session } from './session';
import { queryError } from './sql-errors';

const cursor = 'ferry_model_rows';

/**
 * Streams the rows of `sql` in batches of `batchSize` from a server-side cursor (DECLARE … NO SCROLL CURSOR,
 * then FETCH), in a READ ONLY transaction: only one batch is ever in memory. The statement timeout applies to
 * each FETCH, not to the time the consumer spends between batches.
 *
 * Values: arrays (of any element type) → arrays; json/jsonb → parsed; bool → boolean; int2/int4/float → number;
 * int8, numeric and money → strings (no precision lost); date → 'YYYY-MM-DD'; timestamptz → Date (millisecond
 * precision); timestamp → 'YYYY-MM-DDTHH:MM:SS[.ffffff]' (no zone, never shifted); bytea → base64 string;
 * everything else (uuid, time, interval, enums, …) → PostgreSQL's text.
 *
 * On `ctx.signal` abort the running FETCH is cancelled on the server and the abort reason is thrown. The
 * connection is closed however the iteration ends: done, failed, aborted, or left early (`break`).
 */
export async function* read(
  config: PostgresConfig,
  query: ModelQuery,
  { batchSize }: ReadOptions,
  ctx: PluginContext,
  dialect: PgDialect = postgresDialect,
): AsyncGenerator<Row[]> {
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError(`batchSize must be a whole number above 0, got ${batchSize}`);
  const text = modelSql(query);
  const userSql = query.kind === 'sql' ? text : null;
  const failure = (cause: unknown) => queryError(cause, { config, sql: userSql, dialect });
  const session = await Session.open(config, ctx, dialect);
  try {
    await session.beginReadOnly(failure);
    // Also proves the SQL is one statement (Parse refuses several), so it can follow DECLARE safely, and
    // teaches the connection the array types its columns use.
    await describeModel(session, config, text, userSql);
    const declare = dialect.declareCursor(cursor);
    await session.run(
      (client) => client.query(declare + text),
      (cause) => queryError(cause, { config, sql: userSql, offset: declare.length, dialect }),
    );
    // A batch takes several FETCHes where the dialect caps their size (Redshift single-node: 1,000 rows).
    const fetchSize = Math.min(batchSize, dialect.maxFetch ?? batchSize);
    // The model's SQL can change statement_timeout for the session (set_config(..., false) in a SELECT list): the
    // configured timeout is set again in the same message as each FETCH, which the server times on its own.
    const timeoutMs = Math.round(config.statementTimeoutSeconds * 1000);
    for (let exhausted = false; !exhausted;) {
      let batch: Row[] = [];
      while (batch.length < batchSize) {
        const wanted = Math.min(fetchSize, batchSize - batch.length);
        const fetch = `SET LOCAL statement_timeout = ${timeoutMs}; FETCH FORWARD ${wanted} FROM ${cursor}`;
        const results = await session.run((client) => client.query(fetch) as unknown as Promise<Array<QueryResult<Row>>>, failure);
        const { rows } = results[1];
        batch = batch.length === 0 ? rows : batch.concat(rows);
        if (rows.length < wanted) {
          exhausted = true;
          break;
        }
      }
      if (batch.length > 0) yield batch;
    }
    await session.run((client) => client.query('COMMIT'), failure);
  } finally {
    await session.close();
  }
}

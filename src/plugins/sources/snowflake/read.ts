import type { ModelQuery, PluginContext, ReadOptions, Row } from '../../contract';
import { SqlApi } from './api-client';
import { describeModel } from './columns';
import type { SnowflakeConfig } from './config';
import { modelSql } from './model-sql';
import { fetchPartition, Statement } from './statement';
import { RowDecoder } from './values';

/**
 * Streams the model's rows in batches of `batchSize`. The SQL is first described (so only a single query ever
 * runs: DML and multi-statement SQL are refused before anything executes), then submitted and polled. Its result
 * is read one partition at a time (GET …?partition=N after partition 0), each kept as the compressed bytes
 * Snowflake sent and parsed a row at a time: memory holds one compressed partition and one batch, and the next
 * partition is fetched only when the consumer asks for rows past the current one. Batches span partitions.
 *
 * Values follow the contract (see values.ts): NUMBER(38,0) and decimals as strings, small integers and floats as
 * numbers, DATE 'YYYY-MM-DD', TIME 'HH:MM:SS[.f]', TIMESTAMP_NTZ 'YYYY-MM-DDTHH:MM:SS[.f]', TIMESTAMP_LTZ/TZ Date,
 * VARIANT/OBJECT/ARRAY parsed, BINARY base64.
 *
 * On `ctx.signal` abort while the query runs, it is cancelled on Snowflake; the abort reason is thrown.
 */
export async function* read(config: SnowflakeConfig, query: ModelQuery, { batchSize }: ReadOptions, ctx: PluginContext): AsyncGenerator<Row[]> {
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError(`batchSize must be a whole number above 0, got ${batchSize}`);
  const sql = modelSql(query);
  const api = new SqlApi(config, ctx);
  await describeModel(api, sql, ctx.signal);
  const result = await new Statement(api, sql).run(ctx.signal);
  const decoder = new RowDecoder(result.rowType);
  let rows: Iterable<Array<string | null>> | AsyncIterable<Array<string | null>> = result.data;
  result.data = [];
  let batch: Row[] = [];
  for (let partition = 0; partition < result.partitionCount; partition += 1) {
    if (partition > 0) rows = await fetchPartition(api, result.statementHandle, partition, ctx.signal);
    for await (const values of rows) {
      batch.push(decoder.decode(values));
      if (batch.length === batchSize) {
        ctx.signal.throwIfAborted();
        yield batch;
        batch = [];
      }
    }
    rows = [];
  }
  if (batch.length > 0) yield batch;
}

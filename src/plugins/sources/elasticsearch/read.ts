import type { ModelQuery, PluginContext, ReadOptions, Row } from '../../contract';
import { EsClient } from './client';
import type { ElasticsearchConfig } from './config';
import { modelSql } from './model-sql';
import { sqlPages } from './sql-pages';
import { rowConverter } from './values';

/** Elasticsearch refuses a fetch_size above index.max_result_window (10,000 by default) on some queries. */
const MAX_FETCH_SIZE = 10_000;

/**
 * Streams the rows of the model (an index or ES SQL) through the SQL API, one page of `batchSize` rows (at
 * most 10,000) at a time, following the cursor. Values: see `rowConverter`. The cursor is closed at the end,
 * on error, on `ctx.signal` abort and when the consumer leaves early. A cursor that outlived pageTimeoutSeconds
 * fails the run with a message saying to raise it.
 */
export async function* read(config: ElasticsearchConfig, query: ModelQuery, { batchSize }: ReadOptions, ctx: PluginContext): AsyncGenerator<Row[]> {
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError(`batchSize must be a whole number above 0, got ${batchSize}`);
  const client = new EsClient(config, ctx);
  try {
    let convert: ((row: unknown[]) => Row) | null = null;
    for await (const page of sqlPages(client, config, modelSql(query), Math.min(batchSize, MAX_FETCH_SIZE))) {
      convert ??= rowConverter(page.columns);
      if (page.rows.length > 0) yield page.rows.map(convert);
    }
  } finally {
    await client.close();
  }
}

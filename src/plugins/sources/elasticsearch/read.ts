import type { ModelQuery, PluginContext, ReadOptions, Row } from '../../contract';
import { EsClient } from './client';
import type { ElasticsearchConfig } from './config';
import { indexColumns } from './index-columns';
import { indexPages } from './index-pages';
import { modelSql } from './model-sql';
import { sourceConverter } from './source-values';
import { sqlPages } from './sql-pages';
import { rowConverter } from './values';

/** Elasticsearch refuses a fetch_size above index.max_result_window (10,000 by default) on some queries. */
const MAX_FETCH_SIZE = 10_000;

/**
 * Streams the rows of the model in pages of `batchSize` (at most 10,000).
 *
 * - An index (table model) is read document by document: a point in time and search_after over `_source`, so
 *   arrays stay arrays and objects stay objects (see `sourceConverter`); one column per top-level field.
 * - ES SQL goes through the SQL API and its cursor (see `rowConverter`): ES SQL flattens objects into leaf
 *   columns and refuses arrays unless multiValueLeniency.
 *
 * The point in time or cursor is closed at the end, on error, on `ctx.signal` abort and when the consumer leaves
 * early. One that outlived pageTimeoutSeconds fails the run with a message saying to raise it.
 */
export async function* read(config: ElasticsearchConfig, query: ModelQuery, { batchSize }: ReadOptions, ctx: PluginContext): AsyncGenerator<Row[]> {
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError(`batchSize must be a whole number above 0, got ${batchSize}`);
  const client = new EsClient(config, ctx);
  const size = Math.min(batchSize, MAX_FETCH_SIZE);
  try {
    if (query.kind === 'table') {
      const convert = sourceConverter(await indexColumns(client, query.table.name));
      for await (const documents of indexPages(client, config, query.table.name, size)) yield documents.map(convert);
      return;
    }
    let convert: ((row: unknown[]) => Row) | null = null;
    for await (const page of sqlPages(client, config, modelSql(query), size)) {
      convert ??= rowConverter(page.columns);
      if (page.rows.length > 0) yield page.rows.map(convert);
    }
  } finally {
    await client.close();
  }
}

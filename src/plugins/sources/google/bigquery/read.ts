import type { ModelQuery, PluginContext, ReadOptions, Row } from '../../../contract';
import { exactBatches } from '../exact-batches';
import { BigQueryApi } from './api';
import type { BigQueryConfig } from './config';
import { modelSql } from './model-sql';
import { queryPages } from './query-job';
import { toRows } from './values';

/**
 * Streams the query's rows in batches of exactly `batchSize` (result pages of that many rows, regrouped when
 * BigQuery cuts a page short), converted as `toRows` describes. An abort (or leaving the loop early) while the job runs cancels it on BigQuery.
 */
export async function* read(config: BigQueryConfig, query: ModelQuery, { batchSize }: ReadOptions, ctx: PluginContext): AsyncGenerator<Row[]> {
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError(`batchSize must be a whole number above 0, got ${batchSize}`);
  const api = new BigQueryApi(config, ctx);
  async function* pages(): AsyncGenerator<Row[]> {
    for await (const page of queryPages(api, modelSql(query), batchSize, ctx)) yield toRows(page.fields, page.rows);
  }
  yield* exactBatches(pages(), batchSize);
}

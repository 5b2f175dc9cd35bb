import type { ModelQuery, PluginContext, ReadOptions, Row } from '../../contract';
import { StatementApi } from './api';
import { chunkRows } from './chunks';
import type { DatabricksConfig } from './config';
import { modelSql } from './model-sql';
import { runStatement } from './statement';
import { rowConverter } from './values';

/**
 * Runs the model on the SQL warehouse (EXTERNAL_LINKS disposition, JSON_ARRAY format) and streams its rows in
 * batches of `batchSize`, downloading one result chunk at a time from its presigned link: at most one chunk
 * (and one batch) is in memory. Values are converted by the manifest's column types (see `rowConverter`).
 *
 * On `ctx.signal` abort a statement still running is cancelled on the warehouse and the abort reason thrown;
 * a finished statement holds nothing open, so leaving the iteration early needs no clean-up.
 */
export async function* read(config: DatabricksConfig, query: ModelQuery, { batchSize }: ReadOptions, ctx: PluginContext): AsyncGenerator<Row[]> {
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError(`batchSize must be a whole number above 0, got ${batchSize}`);
  const api = new StatementApi(config, ctx);
  const response = await runStatement(api, config, { statement: modelSql(query), disposition: 'EXTERNAL_LINKS' }, ctx);
  const convert = rowConverter(response.manifest?.schema?.columns ?? []);
  let batch: Row[] = [];
  for await (const rows of chunkRows(api, response, ctx, Math.round(config.requestTimeoutSeconds * 1000))) {
    for (const row of rows) {
      batch.push(convert(row));
      if (batch.length === batchSize) {
        yield batch;
        batch = [];
      }
    }
  }
  if (batch.length > 0) yield batch;
}

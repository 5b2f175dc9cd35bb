import type { ModelQuery, PluginContext } from '../../../contract';
import { BigQueryApi } from './api';
import type { BigQueryConfig } from './config';

/**
 * A table model's row count from its metadata (tables.get `numRows`: one request, no bytes scanned); null for SQL
 * models (a dry run tells the bytes a query reads, not its rows) and for tables in another project.
 */
export async function estimateRows(config: BigQueryConfig, query: ModelQuery, ctx: PluginContext): Promise<number | null> {
  if (query.kind !== 'table' || !query.table.schema || query.table.schema.includes('.')) return null;
  const api = new BigQueryApi(config, ctx);
  const table = await api.get<{ numRows?: string }>(
    `/datasets/${encodeURIComponent(query.table.schema)}/tables/${encodeURIComponent(query.table.name)}`,
  );
  const rows = Number(table.numRows);
  return table.numRows !== undefined && Number.isFinite(rows) ? rows : null;
}

import { PluginConfigError, type Column, type ModelQuery, type PluginContext } from '../../contract';
import { StatementApi } from './api';
import type { DatabricksConfig } from './config';
import { modelSql } from './model-sql';
import { runStatement } from './statement';

/**
 * The model's columns from `DESCRIBE QUERY <sql>` (Databricks SQL): the query is analysed, never run, so no
 * row is read. Types are Databricks' type text in upper case (BIGINT, DECIMAL(10,2), ARRAY<STRING>…).
 */
export async function columns(config: DatabricksConfig, query: ModelQuery, ctx: PluginContext): Promise<Column[]> {
  const api = new StatementApi(config, ctx);
  const response = await runStatement(api, config, { statement: `DESCRIBE QUERY ${modelSql(query)}`, disposition: 'INLINE' }, ctx);
  const rows = response.result?.data_array ?? [];
  const found = rows.map(([name, type]) => ({ name: name ?? '', type: (type ?? '').toUpperCase() }));
  if (found.length === 0)
    throw new PluginConfigError(
      'The SQL returns no columns: a model must be a query that returns rows, e.g. SELECT email, first_name FROM customers',
    );
  const seen = new Set<string>();
  for (const { name } of found) {
    if (seen.has(name)) throw new PluginConfigError(`The column "${name}" appears more than once: give each column its own name with AS`);
    seen.add(name);
  }
  return found;
}

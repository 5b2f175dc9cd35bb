import { PluginConfigError, type Column, type ModelQuery, type PluginContext } from '../../contract';
import { EsClient } from './client';
import type { ElasticsearchConfig } from './config';
import { indexColumns } from './index-columns';
import { modelSql } from './model-sql';
import { sqlPages } from './sql-pages';

/**
 * The model's columns. An index (table model): its top-level fields and mapping types from `_mapping`, no
 * document read. ES SQL: the SQL API's column list; ES SQL cannot describe a query without running it, so Ferry
 * fetches a first page of one row and closes the cursor at once.
 */
export async function columns(config: ElasticsearchConfig, query: ModelQuery, ctx: PluginContext): Promise<Column[]> {
  const client = new EsClient(config, ctx);
  try {
    if (query.kind === 'table') return await indexColumns(client, query.table.name);
    for await (const page of sqlPages(client, config, modelSql(query), 1)) {
      const found = page.columns.map(({ name, type }) => ({ name, type }));
      if (found.length === 0) throw new PluginConfigError('The query returns no columns: select at least one field');
      const seen = new Set<string>();
      for (const { name } of found) {
        if (seen.has(name)) throw new PluginConfigError(`The column "${name}" appears more than once: give each column its own name with AS`);
        seen.add(name);
      }
      return found;
    }
    throw new PluginConfigError('Elasticsearch returned no column list for the query');
  } finally {
    await client.close();
  }
}

import { PluginConfigError, type Column, type ModelQuery, type PluginContext } from '../../contract';
import { EsClient } from './client';
import type { ElasticsearchConfig } from './config';
import { modelSql } from './model-sql';
import { sqlPages } from './sql-pages';

/**
 * The model's columns and ES SQL types from the SQL API's column list. A table model asks with LIMIT 0, so no
 * document is read; ES SQL has no way to describe a query without running it, so for SQL Ferry fetches a first
 * page of one row and closes the cursor at once.
 */
export async function columns(config: ElasticsearchConfig, query: ModelQuery, ctx: PluginContext): Promise<Column[]> {
  const client = new EsClient(config, ctx);
  try {
    const sql = query.kind === 'table' ? `${modelSql(query)} LIMIT 0` : modelSql(query);
    for await (const page of sqlPages(client, config, sql, 1)) {
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

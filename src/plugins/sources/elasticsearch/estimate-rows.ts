import type { ModelQuery, PluginContext } from '../../contract';
import { EsClient } from './client';
import type { ElasticsearchConfig } from './config';

/** An index model's document count (`_count`, answered from the index's own counters); null for SQL. */
export async function estimateRows(config: ElasticsearchConfig, query: ModelQuery, ctx: PluginContext): Promise<number | null> {
  if (query.kind !== 'table') return null;
  const client = new EsClient(config, ctx);
  try {
    const { count } = await client.call<{ count: number }>('GET', `/${encodeURIComponent(query.table.name)}/_count`);
    return typeof count === 'number' ? count : null;
  } finally {
    await client.close();
  }
}

import type { PluginContext, SourceTable, TablesOptions } from '../../contract';
import { EsClient } from './client';
import type { ElasticsearchConfig } from './config';

interface ResolvedIndices {
  indices?: Array<{ name: string; attributes?: string[] }>;
  aliases?: Array<{ name: string }>;
  data_streams?: Array<{ name: string }>;
}

/**
 * Indices, aliases and data streams the credentials may see (`GET _resolve/index/*`, open ones only), without
 * hidden and system indices or any dot-prefixed name. Needs view_index_metadata on them.
 */
export async function tables(config: ElasticsearchConfig, { search, first }: TablesOptions, ctx: PluginContext): Promise<SourceTable[]> {
  const client = new EsClient(config, ctx);
  try {
    const resolved = await client.call<ResolvedIndices>('GET', '/_resolve/index/*?expand_wildcards=open');
    const names = [
      ...(resolved.indices ?? []).filter((index) => !index.attributes?.some((a) => a === 'hidden' || a === 'system')).map((index) => index.name),
      ...(resolved.aliases ?? []).map((alias) => alias.name),
      ...(resolved.data_streams ?? []).map((stream) => stream.name),
    ];
    const wanted = search?.toLowerCase();
    return [...new Set(names)]
      .filter((name) => !name.startsWith('.') && (!wanted || name.toLowerCase().includes(wanted)))
      .sort()
      .slice(0, Math.max(0, first))
      .map((name) => ({ schema: null, name }));
  } finally {
    await client.close();
  }
}

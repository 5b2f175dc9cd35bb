import type { EsClient } from './client';
import type { ElasticsearchConfig } from './config';

interface SearchReply {
  pit_id?: string;
  hits: { hits: Array<{ _source?: Record<string, unknown>; sort?: unknown[] }> };
}

/**
 * Every document of an index (or alias), page by page: a point in time kept alive pageTimeoutSeconds between pages,
 * sorted by `_shard_doc` and paged with `search_after` (Elasticsearch's documented way to read a whole index;
 * never from/size). The point in time is closed however the iteration ends.
 */
export async function* indexPages(
  client: EsClient,
  config: ElasticsearchConfig,
  index: string,
  size: number,
): AsyncGenerator<Array<Record<string, unknown>>> {
  const keepAlive = `${Math.round(config.pageTimeoutSeconds)}s`;
  let { id } = await client.call<{ id: string }>('POST', `/${encodeURIComponent(index)}/_pit?keep_alive=${keepAlive}`);
  try {
    let after: unknown[] | undefined;
    for (;;) {
      const reply: SearchReply = await client.call<SearchReply>('POST', '/_search', {
        size,
        pit: { id, keep_alive: keepAlive },
        sort: [{ _shard_doc: 'asc' }],
        track_total_hits: false,
        ...(after ? { search_after: after } : {}),
      });
      id = reply.pit_id ?? id;
      const hits = reply.hits.hits;
      if (hits.length > 0) yield hits.map((hit) => hit._source ?? {});
      if (hits.length < size) return;
      after = hits[hits.length - 1].sort;
    }
  } finally {
    await client.call('DELETE', '/_pit', { id }, { ignoreAbort: true }).catch(() => undefined);
  }
}

import type { Column } from '../../contract';
import type { EsClient } from './client';
import type { ElasticsearchConfig } from './config';

interface SqlReply {
  columns?: Column[];
  rows: unknown[][];
  cursor?: string;
}

export interface SqlPage {
  /** The first page's column list (later pages carry none). */
  columns: Column[];
  rows: unknown[][];
}

/**
 * Runs `query` with the SQL API and yields its pages of `fetchSize` rows, following the cursor. The cursor
 * lives pageTimeoutSeconds between two pages. However the iteration ends (last page, error, abort or the
 * consumer leaving early) an open cursor is closed with /_sql/close, so nothing stays held on the cluster.
 */
export async function* sqlPages(client: EsClient, config: ElasticsearchConfig, query: string, fetchSize: number): AsyncGenerator<SqlPage> {
  let cursor: string | undefined;
  try {
    let reply = await client.call<SqlReply>('POST', '/_sql?format=json', {
      query,
      fetch_size: fetchSize,
      page_timeout: `${Math.round(config.pageTimeoutSeconds)}s`,
      request_timeout: `${Math.round(config.requestTimeoutSeconds)}s`,
      field_multi_value_leniency: config.multiValueLeniency,
      time_zone: 'Z',
      columnar: false,
    });
    const columns = reply.columns ?? [];
    cursor = reply.cursor;
    yield { columns, rows: reply.rows };
    while (cursor) {
      reply = await client.call<SqlReply>('POST', '/_sql?format=json', { cursor });
      cursor = reply.cursor;
      yield { columns, rows: reply.rows };
    }
  } finally {
    if (cursor) await client.call('POST', '/_sql/close', { cursor }, { ignoreAbort: true }).catch(() => undefined);
  }
}

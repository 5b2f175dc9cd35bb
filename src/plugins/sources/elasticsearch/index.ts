import type { SourcePlugin } from '../../contract';
import { columns } from './columns';
import { elasticsearchConfig } from './config';
import { estimateRows } from './estimate-rows';
import { tableSql } from './model-sql';
import { read } from './read';
import { tables } from './tables';
import { testConnection } from './test-connection';

/** Reads indices and ES SQL queries from Elasticsearch through its SQL API. See `read` for values. */
export const elasticsearchSource: SourcePlugin<typeof elasticsearchConfig> = {
  id: 'elasticsearch',
  kind: 'source',
  name: 'Elasticsearch',
  version: '0.1.0',
  config: elasticsearchConfig,
  test: testConnection,
  columns,
  read,
  estimateRows,
  tables,
  tableSql,
};

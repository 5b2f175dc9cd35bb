import type { SourcePlugin } from '../../../contract';
import { columns } from './columns';
import { bigQueryConfig } from './config';
import { estimateRows } from './estimate-rows';
import { tableSql } from './model-sql';
import { read } from './read';
import { tables } from './tables';
import { testConnection } from './test-connection';

/**
 * Reads models from Google BigQuery over its REST API v2 with a service account key. See `toRows` (values.ts)
 * for how values are typed.
 */
export const bigQuerySource: SourcePlugin<typeof bigQueryConfig> = {
  id: 'bigquery',
  kind: 'source',
  name: 'Google BigQuery',
  version: '0.1.0',
  config: bigQueryConfig,
  test: testConnection,
  columns,
  read,
  estimateRows,
  tables,
  tableSql,
};

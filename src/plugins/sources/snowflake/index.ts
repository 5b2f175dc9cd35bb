import type { SourcePlugin } from '../../contract';
import { columns } from './columns';
import { snowflakeConfig } from './config';
import { estimateRows } from './estimate-rows';
import { tableSql } from './model-sql';
import { read } from './read';
import { tables } from './tables';
import { testConnection } from './test-connection';

/**
 * Reads models from Snowflake over the SQL API v2 (undici), authenticating with a key-pair JWT signed by
 * node:crypto. See `read` for how values are typed.
 */
export const snowflakeSource: SourcePlugin<typeof snowflakeConfig> = {
  id: 'snowflake',
  kind: 'source',
  name: 'Snowflake',
  version: '0.1.0',
  config: snowflakeConfig,
  test: testConnection,
  columns,
  read,
  estimateRows,
  tables,
  tableSql,
};

import type { SourcePlugin } from '../../contract';
import { columns } from './columns';
import { databricksConfig } from './config';
import { tableSql } from './model-sql';
import { read } from './read';
import { tables } from './tables';
import { testConnection } from './test-connection';

/** Reads models from a Databricks SQL warehouse through the SQL Statement Execution API 2.0. See `read` for values. */
export const databricksSource: SourcePlugin<typeof databricksConfig> = {
  id: 'databricks',
  kind: 'source',
  name: 'Databricks',
  version: '0.1.0',
  config: databricksConfig,
  test: testConnection,
  columns,
  read,
  tables,
  tableSql,
};

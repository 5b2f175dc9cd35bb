import type { SourcePlugin } from '../../contract';
import { columns } from './columns';
import { mysqlConfig } from './config';
import { tableSql } from './model-sql';
import { read } from './read';
import { tables } from './tables';
import { testConnection } from './test-connection';

/**
 * Reads models from MySQL and MariaDB (any server speaking the MySQL protocol). See `rowConverter` for how
 * values are typed.
 */
export const mysqlSource: SourcePlugin<typeof mysqlConfig> = {
  id: 'mysql',
  kind: 'source',
  name: 'MySQL / MariaDB',
  version: '0.1.0',
  config: mysqlConfig,
  test: testConnection,
  columns,
  read,
  tables,
  tableSql,
};

import type { SourcePlugin } from '../../contract';
import { columns } from './columns';
import { postgresConfig } from './config';
import { tableSql } from './model-sql';
import { read } from './read';
import { estimateRows } from './estimate-rows';
import { tables } from './tables';
import { testConnection } from './test-connection';

/**
 * Reads models from PostgreSQL (and servers speaking its protocol). See `read` for how values are typed.
 */
export const postgresSource: SourcePlugin<typeof postgresConfig> = {
  id: 'postgres',
  kind: 'source',
  name: 'PostgreSQL',
  version: '0.1.0',
  config: postgresConfig,
  // Where the password goes: the server, the login and the TLS setting. The timeouts may change freely.
  secretBindings: ['host', 'port', 'user', 'database', 'ssl'],
  test: testConnection,
  columns,
  read,
  tables,
  tableSql,
  estimateRows,
};
export { redshiftSource } from './redshift';

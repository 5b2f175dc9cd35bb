import type { SourcePlugin } from '../../contract';
import { columns } from './columns';
import { redshiftDialect } from './dialect';
import { tableSql } from './model-sql';
import { read } from './read';
import { redshiftConfig } from './redshift-config';
import { redshiftTables } from './redshift-tables';
import { testConnection } from './test-connection';

/**
 * Reads models from Amazon Redshift, over PostgreSQL's protocol with the Redshift dialect (see `redshiftDialect`
 * for what differs). Values come as from PostgreSQL, plus SUPER → parsed value, VARBYTE → base64, TIMETZ → text.
 * No estimateRows: Redshift's EXPLAIN has no JSON format to read the planner's row count from.
 */
export const redshiftSource: SourcePlugin<typeof redshiftConfig> = {
  id: 'redshift',
  kind: 'source',
  name: 'Amazon Redshift',
  version: '0.1.0',
  config: redshiftConfig,
  test: (config, ctx) => testConnection(config, ctx, redshiftDialect),
  columns: (config, query, ctx) => columns(config, query, ctx, redshiftDialect),
  read: (config, query, options, ctx) => read(config, query, options, ctx, redshiftDialect),
  tables: redshiftTables,
  tableSql,
};

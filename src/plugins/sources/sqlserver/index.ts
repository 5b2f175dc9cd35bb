import type { SourcePlugin } from '../../contract';
import { columns } from './columns';
import { estimateRows } from './estimate-rows';
import { sqlServerConfig, synapseConfig, type Dialect } from './config';
import { tableSql } from './model-sql';
import { read } from './read';
import { tables } from './tables';
import { testConnection } from './test-connection';

/** One plugin per product over the same code; `dialect` holds what differs. */
function tdsSource(base: Pick<SourcePlugin, 'id' | 'name'>, config: typeof sqlServerConfig, dialect: Dialect): SourcePlugin<typeof sqlServerConfig> {
  return {
    ...base,
    kind: 'source',
    version: '0.1.0',
    config,
    test: (cfg, ctx) => testConnection(cfg, dialect, ctx),
    columns: (cfg, query, ctx) => columns(cfg, dialect, query, ctx),
    read: (cfg, query, options, ctx) => read(cfg, dialect, query, options, ctx),
    tables: (cfg, options, ctx) => tables(cfg, dialect, options, ctx),
    ...(dialect.spaceUsed ? { estimateRows: (cfg, query, ctx) => estimateRows(cfg, dialect, query, ctx) } : {}),
    tableSql,
  };
}

/** Reads models from SQL Server (2012 and later, Azure SQL Database, Azure SQL Managed Instance) over TDS. */
export const sqlServerSource = tdsSource({ id: 'sqlserver', name: 'SQL Server' }, sqlServerConfig, {
  product: 'SQL Server',
  transaction: true,
  readOnlyIntent: true,
  spaceUsed: true,
});

/** Reads models from Azure Synapse Analytics SQL pools (dedicated and serverless): the SQL Server code without a transaction. */
export const synapseSource = tdsSource({ id: 'synapse', name: 'Azure Synapse' }, synapseConfig, {
  product: 'Azure Synapse',
  transaction: false,
  readOnlyIntent: false,
  spaceUsed: false,
});

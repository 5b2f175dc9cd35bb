import type { PluginContext, SourceTable, TablesOptions } from '../../contract';
import { SqlApi } from './api-client';
import type { SnowflakeConfig } from './config';
import { quoteIdentifier } from './model-sql';
import { fetchPartition, Statement } from './statement';

/**
 * Tables and views of the configured database that the role can see (its INFORMATION_SCHEMA shows only those),
 * by schema then name; `search` matches part of `SCHEMA.NAME` ignoring case, sent as a bind variable.
 */
export async function tables(config: SnowflakeConfig, { search, first }: TablesOptions, ctx: PluginContext): Promise<SourceTable[]> {
  const limit = Math.max(1, Math.min(10_000, Math.floor(first)));
  const filter = search ? ` AND CONTAINS(LOWER(TABLE_SCHEMA || '.' || TABLE_NAME), LOWER(?))` : '';
  const sql =
    `SELECT TABLE_SCHEMA, TABLE_NAME FROM ${quoteIdentifier(config.database)}.INFORMATION_SCHEMA.TABLES ` +
    `WHERE TABLE_SCHEMA <> 'INFORMATION_SCHEMA'${filter} ORDER BY TABLE_SCHEMA, TABLE_NAME LIMIT ${limit}`;
  const api = new SqlApi(config, ctx);
  const result = await new Statement(api, sql, search ? { bindings: { '1': { type: 'TEXT', value: search } } } : {}).run(ctx.signal);
  // At most 10,000 short rows: one partition in practice, but read them all the same.
  const rows = [...result.data];
  for (let partition = 1; partition < result.partitionCount; partition += 1) {
    for await (const row of await fetchPartition(api, result.statementHandle, partition, ctx.signal)) rows.push(row);
  }
  return rows.map(([schema, name]) => ({ schema: schema ?? null, name: String(name) }));
}

import type { PluginContext, SourceTable, TablesOptions } from '../../contract';
import { StatementApi } from './api';
import type { DatabricksConfig } from './config';
import { quoteIdentifier } from './model-sql';
import { runStatement } from './statement';

/**
 * Tables and views of the configured catalog (or the workspace default), from its information_schema: only
 * those the token's user may see. The search text travels as a named parameter, never pasted into the SQL.
 */
export async function tables(config: DatabricksConfig, { search, first }: TablesOptions, ctx: PluginContext): Promise<SourceTable[]> {
  const api = new StatementApi(config, ctx);
  const from = config.catalog ? `${quoteIdentifier(config.catalog)}.information_schema.tables` : 'information_schema.tables';
  const limit = Math.max(1, Math.floor(first));
  const statement =
    `SELECT table_schema, table_name FROM ${from} WHERE table_schema <> 'information_schema'` +
    (search ? ` AND lower(concat_ws('.', table_schema, table_name)) LIKE :search` : '') +
    ` ORDER BY table_schema, table_name LIMIT ${limit}`;
  // LIKE's wildcards in the search are matched literally (backslash is Databricks' default LIKE escape).
  const literal = search?.toLowerCase().replace(/[\\%_]/g, (char) => `\\${char}`);
  const parameters = search ? [{ name: 'search', value: `%${literal}%`, type: 'STRING' }] : undefined;
  const response = await runStatement(api, config, { statement, disposition: 'INLINE', parameters }, ctx);
  return (response.result?.data_array ?? []).map(([schema, name]) => ({ schema, name: name ?? '' }));
}

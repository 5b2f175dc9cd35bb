import { PluginConfigError, type Column, type ModelQuery, type PluginContext } from '../../contract';
import { SqlApi } from './api-client';
import type { SnowflakeConfig } from './config';
import { describeSql, modelSql } from './model-sql';
import { Statement } from './statement';
import { typeName, type RowType } from './values';

/** The row types of the model's result, learned without reading a row; refuses duplicate column names. */
export async function describeModel(api: SqlApi, sql: string, signal: AbortSignal): Promise<RowType[]> {
  const { rowType } = await new Statement(api, describeSql(sql), { lineOffset: 1 }).run(signal);
  if (rowType.length === 0) {
    throw new PluginConfigError(
      'The SQL returns no columns: a model must be a query that returns rows, e.g. SELECT email, first_name FROM customers',
    );
  }
  const seen = new Set<string>();
  for (const { name } of rowType) {
    // Each row is an object keyed by column name, so a second column of the same name would hide the first.
    if (seen.has(name)) throw new PluginConfigError(`The column "${name}" appears more than once: give each column its own name with AS`);
    seen.add(name);
  }
  return rowType;
}

/** The columns the model returns and their Snowflake types (NUMBER(38,0), TEXT, TIMESTAMP_TZ, …), without reading a row. */
export async function columns(config: SnowflakeConfig, query: ModelQuery, ctx: PluginContext): Promise<Column[]> {
  const api = new SqlApi(config, ctx);
  const rowType = await describeModel(api, modelSql(query), ctx.signal);
  return rowType.map((column) => ({ name: column.name, type: typeName(column) }));
}

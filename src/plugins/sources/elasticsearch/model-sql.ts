import { PluginConfigError, type ModelQuery, type SourceTable } from '../../contract';

/** An ES SQL identifier in double quotes, any double quote in it doubled: safe for any index name. */
export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** `SELECT * FROM "index"`: a table model's statement (an index, alias or data stream). */
export function tableSql(table: SourceTable): string {
  return `SELECT * FROM ${quoteIdentifier(table.name)}`;
}

/** The model's SQL: a table model's statement, or the SQL without trailing semicolons and white space. */
export function modelSql(query: ModelQuery): string {
  if (query.kind === 'table') return tableSql(query.table);
  const text = query.sql.replace(/[\s;]+$/, '');
  if (text.trim() === '')
    throw new PluginConfigError('The SQL is empty: write the query that selects the rows to sync, e.g. SELECT email, name FROM "customers"');
  return text;
}

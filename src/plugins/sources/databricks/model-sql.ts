import { PluginConfigError, type ModelQuery, type SourceTable } from '../../contract';

/** A Databricks identifier in backticks, any backtick in it doubled: safe for any name. */
export function quoteIdentifier(name: string): string {
  return `\`${name.replaceAll('`', '``')}\``;
}

/** `SELECT * FROM \`schema\`.\`name\``: a table model's statement, in the configured catalog. */
export function tableSql(table: SourceTable): string {
  const qualified = table.schema ? `${quoteIdentifier(table.schema)}.${quoteIdentifier(table.name)}` : quoteIdentifier(table.name);
  return `SELECT * FROM ${qualified}`;
}

/** The model's SQL ready to run: a table model's statement, or the SQL without trailing semicolons and white space. */
export function modelSql(query: ModelQuery): string {
  if (query.kind === 'table') return tableSql(query.table);
  const text = query.sql.replace(/[\s;]+$/, '');
  if (text.trim() === '') {
    throw new PluginConfigError('The SQL is empty: write the query that selects the rows to sync, e.g. SELECT email, first_name FROM customers');
  }
  return text;
}

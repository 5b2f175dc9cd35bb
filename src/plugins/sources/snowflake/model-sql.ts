import { PluginConfigError, type ModelQuery, type SourceTable } from '../../contract';

/** A Snowflake identifier in double quotes, any double quote in it doubled: safe for any name, and case-sensitive. */
export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** `SELECT * FROM "SCHEMA"."NAME"` in the configured database: a table model's statement, never built by pasting the name. */
export function tableSql(table: SourceTable): string {
  const qualified = table.schema ? `${quoteIdentifier(table.schema)}.${quoteIdentifier(table.name)}` : quoteIdentifier(table.name);
  return `SELECT * FROM ${qualified}`;
}

/**
 * The model's SQL ready to run: a table model's statement, or the SQL without its trailing semicolons and white
 * space. Throws PluginConfigError when nothing is left.
 */
export function modelSql(query: ModelQuery): string {
  if (query.kind === 'table') return tableSql(query.table);
  const text = query.sql.replace(/[\s;]+$/, '');
  if (text.trim() === '') {
    throw new PluginConfigError('The SQL is empty: write the query that selects the rows to sync, e.g. SELECT email, first_name FROM customers');
  }
  return text;
}

/**
 * The statement that learns the model's columns: the SQL API has no describe-only call, so the model runs as a
 * subquery under LIMIT 0. Snowflake compiles it (refusing anything that is not one query: DML, SHOW, several
 * statements) and answers with the result's row types, and reads no row: the LIMIT 0 plan scans nothing.
 * The line breaks keep a trailing `-- comment` in the model from swallowing the closing parenthesis.
 */
export function describeSql(sql: string): string {
  return `SELECT * FROM (\n${sql}\n) LIMIT 0`;
}

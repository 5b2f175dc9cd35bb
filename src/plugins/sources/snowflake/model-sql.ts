import { modelStatement, quoteSqlIdentifier, selectTableSql, type ModelQuery, type SourceTable } from '../../contract';

/** A Snowflake identifier in double quotes, any double quote in it doubled: safe for any name, and case-sensitive. */
export const quoteIdentifier = (name: string): string => quoteSqlIdentifier(name, '"');

/** `SELECT * FROM "SCHEMA"."NAME"` in the configured database: a table model's statement, never built by pasting the name. */
export const tableSql = (table: SourceTable): string => selectTableSql(table, '"');

/** The model's SQL ready to run (see modelStatement). */
export const modelSql = (query: ModelQuery): string => modelStatement(query, tableSql);

/**
 * The statement that learns the model's columns: the SQL API has no describe-only call, so the model runs as a
 * subquery under LIMIT 0. Snowflake compiles it (refusing anything that is not one query: DML, SHOW, several
 * statements) and answers with the result's row types, and reads no row: the LIMIT 0 plan scans nothing.
 * The line breaks keep a trailing `-- comment` in the model from swallowing the closing parenthesis.
 */
export function describeSql(sql: string): string {
  return `SELECT * FROM (\n${sql}\n) LIMIT 0`;
}

import { modelStatement, quoteSqlIdentifier, selectTableSql, type ModelQuery, type SourceTable } from '../../contract';

/** A PostgreSQL identifier in double quotes, any double quote in it doubled: safe for any name. */
export const quoteIdentifier = (name: string): string => quoteSqlIdentifier(name, '"');

/** `SELECT * FROM "schema"."name"`: a table model's statement, never built by pasting the name into SQL. */
export const tableSql = (table: SourceTable): string => selectTableSql(table, '"');

/** The model's SQL ready to run (see modelStatement). */
export const modelSql = (query: ModelQuery): string => modelStatement(query, tableSql);

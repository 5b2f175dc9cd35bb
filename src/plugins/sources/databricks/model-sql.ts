import { modelStatement, quoteSqlIdentifier, selectTableSql, type ModelQuery, type SourceTable } from '../../contract';

/** A Databricks identifier in backticks, any backtick in it doubled: safe for any name. */
export const quoteIdentifier = (name: string): string => quoteSqlIdentifier(name, '`');

/** `SELECT * FROM \`schema\`.\`name\``: a table model's statement, in the configured catalog. */
export const tableSql = (table: SourceTable): string => selectTableSql(table, '`');

/** The model's SQL ready to run (see modelStatement). */
export const modelSql = (query: ModelQuery): string => modelStatement(query, tableSql);

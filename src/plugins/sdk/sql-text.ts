import { PluginConfigError } from '../../errors';
import type { ModelQuery, SourceTable } from '../contract';

/** How a SQL dialect quotes identifiers: "standard", `backticks` (MySQL, Databricks, BigQuery) or [brackets] (SQL Server). */
export type IdentifierQuotes = '"' | '`' | '[';

/** An identifier in the dialect's quotes, the closing quote doubled inside: safe for any name, never pasted raw. */
export function quoteSqlIdentifier(name: string, quotes: IdentifierQuotes): string {
  const close = quotes === '[' ? ']' : quotes;
  return `${quotes}${name.replaceAll(close, close + close)}${close}`;
}

/** `SELECT * FROM <schema>.<name>`, each part quoted: a table model's statement in SQL sources. */
export function selectTableSql(table: SourceTable, quotes: IdentifierQuotes): string {
  const name = quoteSqlIdentifier(table.name, quotes);
  return `SELECT * FROM ${table.schema ? `${quoteSqlIdentifier(table.schema, quotes)}.${name}` : name}`;
}

/**
 * The statement a model runs: a table model's (from `tableSql`), or the model's SQL with trailing semicolons and
 * white space removed (a query is often pasted from an SQL console with its `;`). Throws PluginConfigError when
 * nothing is left.
 */
export function modelStatement(query: ModelQuery, tableSql: (table: SourceTable) => string): string {
  if (query.kind === 'table') return tableSql(query.table);
  const text = query.sql.replace(/[\s;]+$/, '');
  if (text.trim() === '') {
    throw new PluginConfigError('The SQL is empty: write the query that selects the rows to sync, e.g. SELECT email, first_name FROM customers');
  }
  return text;
}

import { PluginConfigError, modelStatement, quoteSqlIdentifier, selectTableSql, type ModelQuery, type SourceTable } from '../../contract';

/** A T-SQL identifier in brackets, any `]` in it doubled: safe for any name. */
export const quoteIdentifier = (name: string): string => quoteSqlIdentifier(name, '[');

/** `SELECT * FROM [schema].[name]`: a table model's statement, never built by pasting the name into SQL. */
export const tableSql = (table: SourceTable): string => selectTableSql(table, '[');

/** The first keyword of the SQL, past comments and opening parentheses. */
function firstKeyword(sql: string): string {
  const text = sql.replace(/^(\s|--[^\n]*(\n|$)|\/\*[\s\S]*?\*\/|\()*/, '');
  return (/^[A-Za-z]+/.exec(text)?.[0] ?? '').toUpperCase();
}

/**
 * The model's SQL ready to run (see modelStatement). Refuses SQL that does not start with SELECT or WITH (a model
 * reads; INSERT, EXEC and the like are refused here, before anything reaches the server).
 */
export function modelSql(query: ModelQuery): string {
  const text = modelStatement(query, tableSql);
  if (query.kind === 'table') return text;
  const keyword = firstKeyword(text);
  if (keyword !== 'SELECT' && keyword !== 'WITH') {
    throw new PluginConfigError(
      `A model's SQL must be a query that starts with SELECT or WITH, not ${keyword || 'this'}: Ferry only reads from the warehouse`,
    );
  }
  return text;
}

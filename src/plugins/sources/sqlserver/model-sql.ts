import { PluginConfigError, type ModelQuery, type SourceTable } from '../../contract';

/** A T-SQL identifier in brackets, any `]` in it doubled: safe for any name. */
export function quoteIdentifier(name: string): string {
  return `[${name.replaceAll(']', ']]')}]`;
}

/** `SELECT * FROM [schema].[name]`: a table model's statement, never built by pasting the name into SQL. */
export function tableSql(table: SourceTable): string {
  const qualified = table.schema ? `${quoteIdentifier(table.schema)}.${quoteIdentifier(table.name)}` : quoteIdentifier(table.name);
  return `SELECT * FROM ${qualified}`;
}

/** The first keyword of the SQL, past comments and opening parentheses. */
function firstKeyword(sql: string): string {
  const text = sql.replace(/^(\s|--[^\n]*(\n|$)|\/\*[\s\S]*?\*\/|\()*/, '');
  return (/^[A-Za-z]+/.exec(text)?.[0] ?? '').toUpperCase();
}

/**
 * The model's SQL ready to run: a table model's statement, or the SQL without trailing semicolons. Refuses empty SQL
 * and SQL that does not start with SELECT or WITH (a model reads; INSERT, EXEC and the like are refused here, before
 * anything reaches the server).
 */
export function modelSql(query: ModelQuery): string {
  if (query.kind === 'table') return tableSql(query.table);
  const text = query.sql.replace(/[\s;]+$/, '');
  if (text.trim() === '') {
    throw new PluginConfigError('The SQL is empty: write the query that selects the rows to sync, e.g. SELECT email, first_name FROM dbo.users');
  }
  const keyword = firstKeyword(text);
  if (keyword !== 'SELECT' && keyword !== 'WITH') {
    throw new PluginConfigError(
      `A model's SQL must be a query that starts with SELECT or WITH, not ${keyword || 'this'}: Ferry only reads from the warehouse`,
    );
  }
  return text;
}

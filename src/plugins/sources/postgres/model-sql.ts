import { PluginConfigError } from '../../contract';

/**
 * The model's SQL ready to run: trailing semicolons and white space removed (a query is often pasted from an
 * SQL console with its `;`). Throws PluginConfigError when nothing is left.
 */
export function modelSql(sql: string): string {
  const text = sql.replace(/[\s;]+$/, '');
  if (text.trim() === '') {
    throw new PluginConfigError('The SQL is empty: write the query that selects the rows to sync, e.g. SELECT email, first_name FROM users');
  }
  return text;
}

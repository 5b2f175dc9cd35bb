import { PluginConfigError, type ModelQuery, type SourceTable } from '../../../contract';

/** A GoogleSQL quoted identifier path: `dataset.table` in backticks, backslashes and backticks escaped. */
export function quotePath(...parts: string[]): string {
  return `\`${parts.join('.').replace(/[\\`]/g, (char) => `\\${char}`)}\``;
}

/**
 * `SELECT * FROM \`dataset.table\``: a table model's statement. The dataset is resolved in the project that runs
 * the query (projectId); a schema of `other-project.dataset` reads another project's table.
 */
export function tableSql(table: SourceTable): string {
  return `SELECT * FROM ${table.schema ? quotePath(table.schema, table.name) : quotePath(table.name)}`;
}

/** The statement to run: a table model's, or the SQL with trailing semicolons and white space removed. */
export function modelSql(query: ModelQuery): string {
  if (query.kind === 'table') return tableSql(query.table);
  const text = query.sql.replace(/[\s;]+$/, '');
  if (text.trim() === '') {
    throw new PluginConfigError(
      'The SQL is empty: write the query that selects the rows to sync, e.g. SELECT email, first_name FROM `my_dataset.users`',
    );
  }
  return text;
}

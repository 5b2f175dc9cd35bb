import { modelStatement, type ModelQuery, type SourceTable } from '../../../contract';

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

/** The model's SQL ready to run (see modelStatement). */
export const modelSql = (query: ModelQuery): string => modelStatement(query, tableSql);

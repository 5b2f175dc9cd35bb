import { formatTableName, parseTableName, TableNameError } from '../../entities/table-name';
import { BadUserInputError } from '../../errors';
import type { ModelQuery, SourcePlugin } from '../../plugins/contract';
import { requireSql } from './require-sql';

/** What a model reads, as stored: exactly one of `sql` and `table` (the canonical text of the table). */
export interface ModelDefinition {
  sql: string | null;
  table: string | null;
  query: ModelQuery;
  /** The input field it came from, for refusals. */
  field: string;
}

/**
 * The model's SQL or table from an input that must give exactly one of them. A table must be one the source's
 * plugin can read: it offers table models (tables() or tableSql()).
 */
export function modelDefinition(input: { sql?: string | null; table?: string | null }, plugin: SourcePlugin): ModelDefinition {
  const hasSql = input.sql !== undefined && input.sql !== null;
  const hasTable = input.table !== undefined && input.table !== null;
  if (hasSql && hasTable) {
    throw new BadUserInputError(
      'input: give either input.sql (a query) or input.table (a table name such as public.customers), not both',
      'input.sql',
    );
  }
  if (!hasSql && !hasTable) {
    throw new BadUserInputError(
      'input: give input.sql (a query) or input.table (a table name such as public.customers): a model reads one of them',
      'input.sql',
    );
  }
  if (hasSql) {
    const sql = requireSql(input.sql as string);
    return { sql, table: null, query: { kind: 'sql', sql }, field: 'input.sql' };
  }
  if (!plugin.tables && !plugin.tableSql) {
    throw new BadUserInputError(`input.table: ${plugin.name} sources do not offer table models; give input.sql instead`, 'input.table');
  }
  let table;
  try {
    table = parseTableName(input.table as string);
  } catch (error) {
    if (!(error instanceof TableNameError)) throw error;
    throw new BadUserInputError(`input.table: ${error.message}`, 'input.table');
  }
  return { sql: null, table: formatTableName(table), query: { kind: 'table', table }, field: 'input.table' };
}

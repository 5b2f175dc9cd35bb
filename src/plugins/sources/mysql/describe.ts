import type { Connection, FieldPacket } from 'mysql2';
import { PluginConfigError, type Column } from '../../contract';
import { columnShape, typeName, type ColumnShape } from './column-types';

interface PreparedStatement {
  columns?: FieldPacket[];
  parameters?: FieldPacket[];
  close(): void;
}

/**
 * Prepares `sql` (COM_STMT_PREPARE) and closes the statement: the server parses and resolves it and answers
 * with its parameters and result columns, but never executes it, so no row is read and no function runs.
 */
export function prepareStatement(connection: Connection, sql: string): Promise<{ columns: ColumnShape[]; parameterCount: number }> {
  return new Promise((resolve, reject) => {
    connection.prepare(sql, (error, statement) => {
      if (error) {
        reject(error);
        return;
      }
      const prepared = statement as unknown as PreparedStatement;
      prepared.close();
      resolve({ columns: (prepared.columns ?? []).map(columnShape), parameterCount: prepared.parameters?.length ?? 0 });
    });
  });
}

/**
 * Refuses result columns a model cannot use: none at all (the statement returns no rows), or a name used
 * twice (each row is an object keyed by column name, so one value would be lost).
 */
export function checkResultColumns(columns: Array<{ name: string }>): void {
  if (columns.length === 0) {
    throw new PluginConfigError('The SQL returns no columns: a model must be a query that returns rows, e.g. SELECT email, first_name FROM users');
  }
  const seen = new Set<string>();
  for (const { name } of columns) {
    if (seen.has(name)) throw new PluginConfigError(`The column "${name}" appears more than once: give each column its own name with AS`);
    seen.add(name);
  }
}

/** The model's columns with their MySQL type names, from a prepared (never executed) statement. */
export async function describeModel(connection: Connection, sql: string): Promise<Column[]> {
  const { columns, parameterCount } = await prepareStatement(connection, sql);
  if (parameterCount > 0) {
    throw new PluginConfigError(`The SQL uses ${parameterCount} parameter(s) (?): a model's SQL cannot take parameters; write the values into it`);
  }
  checkResultColumns(columns);
  return columns.map((column) => ({ name: column.name, type: typeName(column) }));
}

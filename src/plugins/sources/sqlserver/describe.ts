import { PluginConfigError, type Column } from '../../contract';
import type { Session } from './session';

/**
 * The columns of `sql` from sp_describe_first_result_set: SQL Server compiles the batch and reports its first
 * result set without running it, so no row is read. Refuses SQL that returns no result set (an empty description)
 * and duplicate or empty column names (each row is an object keyed by column name).
 */
export async function describeModel(session: Session, sql: string, failure: (cause: unknown) => unknown): Promise<Column[]> {
  const described: Array<{ name: string; type: string; hidden: boolean }> = [];
  await session
    .procedure('sp_describe_first_result_set', [{ name: 'tsql', value: sql }], {
      onRow: (row) => {
        const field = (name: string) => row.find((cell) => cell.metadata.colName === name)?.value;
        described.push({ name: String(field('name') ?? ''), type: String(field('system_type_name') ?? ''), hidden: field('is_hidden') === true });
      },
    })
    .catch((cause: unknown) => {
      throw failure(cause);
    });
  const columns = described.filter((column) => !column.hidden);
  if (columns.length === 0) {
    throw new PluginConfigError(
      'The SQL returns no result set: a model must be a query that returns rows, e.g. SELECT email, first_name FROM dbo.users',
    );
  }
  const seen = new Set<string>();
  for (const { name } of columns) {
    if (name === '') throw new PluginConfigError('A column has no name: give every computed column a name with AS');
    const key = name.toLowerCase();
    if (seen.has(key)) throw new PluginConfigError(`The column "${name}" appears more than once: give each column its own name with AS`);
    seen.add(key);
  }
  return columns.map(({ name, type }) => ({ name, type }));
}

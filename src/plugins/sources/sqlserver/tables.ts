import type { PluginContext, SourceTable, TablesOptions } from '../../contract';
import type { Dialect, TdsConfig } from './config';
import { Session } from './session';
import { queryError } from './sql-errors';

/** A LIKE pattern matching `text` anywhere, its wildcards ([, %, _) taken literally. */
function containsPattern(text: string): string {
  return `%${text.replace(/[[%_]/g, (char) => `[${char}]`)}%`;
}

const tablesSql =
  'SELECT TOP (@first) TABLE_SCHEMA, TABLE_NAME FROM INFORMATION_SCHEMA.TABLES ' +
  "WHERE TABLE_SCHEMA + N'.' + TABLE_NAME LIKE @pattern ORDER BY TABLE_SCHEMA, TABLE_NAME";

/** Tables and views the login can see, from INFORMATION_SCHEMA.TABLES, whose schema-qualified name contains `search`. */
export async function tables(config: TdsConfig, dialect: Dialect, { search, first }: TablesOptions, ctx: PluginContext): Promise<SourceTable[]> {
  const session = await Session.open(config, dialect, ctx);
  try {
    const rows = await session
      .rows(tablesSql, [
        { name: 'first', value: first },
        { name: 'pattern', value: containsPattern(search ?? '') },
      ])
      .catch((cause: unknown) => {
        throw ctx.signal.aborted ? ctx.signal.reason : queryError(cause, config, dialect);
      });
    return rows.map((row) => ({ schema: String(row[0].value), name: String(row[1].value) }));
  } finally {
    session.close();
  }
}

import type { PluginContext, SourceTable, TablesOptions } from '../../contract';
import type { MysqlConfig } from './config';
import { query } from './connect';
import { Session } from './session';
import { queryError } from './sql-errors';

/** The tables and views of the configured database, by name, optionally those whose name contains `search` (any case). */
export async function tables(config: MysqlConfig, { search, first }: TablesOptions, ctx: PluginContext): Promise<SourceTable[]> {
  const session = await Session.open(config, ctx);
  try {
    const failure = (cause: unknown) => queryError(cause, config);
    await session.begin(failure, { statementLimit: true });
    const rows = await session.run(
      (connection) =>
        query<Array<{ name: string; schema: string }>>(
          connection,
          `SELECT TABLE_SCHEMA AS \`schema\`, TABLE_NAME AS name
             FROM information_schema.TABLES
            WHERE TABLE_SCHEMA = DATABASE()
              AND (? = '' OR LOCATE(LOWER(?), LOWER(CONCAT(TABLE_SCHEMA, '.', TABLE_NAME))) > 0)
            ORDER BY TABLE_NAME
            LIMIT ?`,
          [search ?? '', search ?? '', Math.max(0, Math.trunc(first))],
        ),
      failure,
    );
    return rows.map((row) => ({ schema: row.schema, name: row.name }));
  } finally {
    await session.close();
  }
}

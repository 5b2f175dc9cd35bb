import type { PluginContext, SourceTable, TablesOptions } from '../../contract';
import type { PostgresConfig } from './config';
import { Session } from './session';
import { queryError } from './sql-errors';

// Tables, partitioned tables, views, materialized views and foreign tables the user may read, outside the system
// schemas (pg_catalog, pg_toast, temporary schemas: every pg_* name is reserved) and information_schema. A
// partition is left out: its parent reads it. The search is a plain substring (strpos), so % and _ match themselves.
const tablesSql = `
  SELECT n.nspname AS schema, c.relname AS name
    FROM pg_catalog.pg_class c
    JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
   WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f')
     AND NOT c.relispartition
     AND n.nspname !~ '^pg_' AND n.nspname <> 'information_schema'
     AND pg_catalog.has_table_privilege(c.oid, 'SELECT')
     AND ($1::text IS NULL OR strpos(lower(n.nspname || '.' || c.relname), lower($1::text)) > 0)
   ORDER BY n.nspname, c.relname
   LIMIT $2`;

/** The tables and views a table model can read, matching `search` (part of `schema.name`, any case). */
export async function tables(config: PostgresConfig, { search, first }: TablesOptions, ctx: PluginContext): Promise<SourceTable[]> {
  const session = await Session.open(config, ctx);
  try {
    const { rows } = await session.run(
      (client) => client.query<SourceTable>(tablesSql, [search?.trim() || null, first]),
      (cause) => queryError(cause, { config, sql: null }),
    );
    return rows.map(({ schema, name }) => ({ schema, name }));
  } finally {
    await session.close();
  }
}

import type { PluginContext, SourceTable, TablesOptions } from '../../contract';
import type { PostgresConfig } from './config';
import { redshiftDialect } from './dialect';
import { Session } from './session';
import { queryError } from './sql-errors';

// Tables and views the user may read, outside the system schemas. Written for Redshift's PostgreSQL 8.0 catalog:
// no relispartition, privileges checked by quoted name, a plain substring search (strpos) so % and _ match themselves.
const tablesSql = `
  SELECT n.nspname AS schema, c.relname AS name
    FROM pg_catalog.pg_class c
    JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
   WHERE c.relkind IN ('r', 'v')
     AND n.nspname NOT LIKE 'pg\\_%' AND n.nspname <> 'information_schema'
     AND has_table_privilege(quote_ident(n.nspname) || '.' || quote_ident(c.relname), 'SELECT')
     AND ($1 = '' OR strpos(lower(n.nspname || '.' || c.relname), lower($1)) > 0)
   ORDER BY n.nspname, c.relname
   LIMIT $2`;

/** The tables and views of a Redshift database a table model can read, matching `search` (part of `schema.name`, any case). */
export async function redshiftTables(config: PostgresConfig, { search, first }: TablesOptions, ctx: PluginContext): Promise<SourceTable[]> {
  const session = await Session.open(config, ctx, redshiftDialect);
  try {
    const { rows } = await session.run(
      (client) => client.query<SourceTable>(tablesSql, [search?.trim() ?? '', first]),
      (cause) => queryError(cause, { config, sql: null, dialect: redshiftDialect }),
    );
    return rows.map(({ schema, name }) => ({ schema, name }));
  } finally {
    await session.close();
  }
}

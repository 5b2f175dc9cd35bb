import { ConnectionError, type PluginContext } from '../../contract';
import { SqlApi } from './api-client';
import { asConnectionError } from './api-errors';
import type { SnowflakeConfig } from './config';
import { Statement } from './statement';

const CONTEXT_SQL = 'SELECT CURRENT_WAREHOUSE() AS WAREHOUSE, CURRENT_DATABASE() AS DATABASE, CURRENT_SCHEMA() AS SCHEMA, CURRENT_ROLE() AS ROLE';

/**
 * Logs in with the key (a JWT), and checks that the warehouse, database and schema the queries will use exist and
 * are usable by the role: Snowflake leaves a session's warehouse, database or schema empty when the one asked for is
 * unknown or not granted. Throws ConnectionError saying what to fix.
 */
export async function testConnection(config: SnowflakeConfig, ctx: PluginContext): Promise<void> {
  let values: Array<string | null>;
  try {
    const api = new SqlApi(config, ctx);
    const result = await new Statement(api, CONTEXT_SQL).run(ctx.signal);
    values = result.data[0] ?? [];
  } catch (error) {
    throw asConnectionError(error);
  }
  const [warehouse, database, schema, role] = values;
  const as = role ? `role ${role}` : 'the role';
  const missing = (what: string, name: string, grant: string) =>
    new ConnectionError(
      `Snowflake has no ${what} "${name}" that ${as} can use: check the name (it is case-sensitive: a name created without quotes is upper case) and ${grant}`,
      { reason: `${what}_not_found` },
    );
  if (!database) throw missing('database', config.database, `GRANT USAGE ON DATABASE ${config.database} TO ROLE ${role ?? '…'}`);
  if (!schema) throw missing('schema', config.schema, `GRANT USAGE ON SCHEMA ${config.database}.${config.schema} TO ROLE ${role ?? '…'}`);
  if (!warehouse) throw missing('warehouse', config.warehouse, `GRANT USAGE ON WAREHOUSE ${config.warehouse} TO ROLE ${role ?? '…'}`);
}

import type { ModelQuery, PluginContext } from '../../contract';
import { SqlApi } from './api-client';
import type { SnowflakeConfig } from './config';
import { modelSql, quoteIdentifier } from './model-sql';
import { Statement } from './statement';

/** `SELECT * FROM "SCHEMA"."NAME"` as tableSql writes it (a table model), with its two names. */
const TABLE_MODEL = /^SELECT \* FROM "((?:[^"]|"")+)"\."((?:[^"]|"")+)"$/;

/**
 * The row count Snowflake keeps for a table (INFORMATION_SCHEMA.TABLES.ROW_COUNT, metadata: no row is read), when
 * the model is a whole table; null for any other SQL, whose size Snowflake cannot tell without running it.
 */
export async function estimateRows(config: SnowflakeConfig, query: ModelQuery, ctx: PluginContext): Promise<number | null> {
  const match = TABLE_MODEL.exec(modelSql(query));
  if (!match) return null;
  const [schema, name] = [match[1], match[2]].map((part) => part.replaceAll('""', '"'));
  const sql = `SELECT ROW_COUNT FROM ${quoteIdentifier(config.database)}.INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?`;
  const result = await new Statement(new SqlApi(config, ctx), sql, {
    bindings: { '1': { type: 'TEXT', value: schema }, '2': { type: 'TEXT', value: name } },
  }).run(ctx.signal);
  const count = result.data[0]?.[0];
  return count === null || count === undefined ? null : Number(count);
}

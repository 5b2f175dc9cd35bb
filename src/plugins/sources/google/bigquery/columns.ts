import { PluginConfigError, type Column, type ModelQuery, type PluginContext } from '../../../contract';
import { BigQueryApi } from './api';
import type { BigQueryConfig } from './config';
import { modelSql } from './model-sql';
import type { QueryReply } from './query-job';
import { typeName } from './values';

/**
 * The columns of the query from a dry run (jobs.query with dryRun: BigQuery checks the SQL and answers with the
 * result's schema; nothing runs, no byte is billed, no row is read).
 */
export async function columns(config: BigQueryConfig, query: ModelQuery, ctx: PluginContext): Promise<Column[]> {
  const api = new BigQueryApi(config, ctx);
  const reply = await api.post<QueryReply>('/queries', {
    query: modelSql(query),
    useLegacySql: false,
    dryRun: true,
    ...(config.location ? { location: config.location } : {}),
  });
  const fields = reply.schema?.fields ?? [];
  if (fields.length === 0) {
    throw new PluginConfigError(
      'The SQL returns no columns: a model must be a query that returns rows, e.g. SELECT email, first_name FROM `my_dataset.users`',
    );
  }
  return fields.map((field) => ({ name: field.name, type: typeName(field) }));
}

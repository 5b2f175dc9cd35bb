import { ConnectionError, type PluginContext } from '../../../contract';
import { BigQueryApi } from './api';
import type { BigQueryConfig } from './config';

/**
 * Gets a token for the service account and dry-runs `SELECT 1` in the project: proves the key, the project and
 * the right to run queries there (roles/bigquery.jobUser) without running anything.
 */
export async function testConnection(config: BigQueryConfig, ctx: PluginContext): Promise<void> {
  const api = new BigQueryApi(config, ctx);
  try {
    await api.post('/queries', { query: 'SELECT 1', useLegacySql: false, dryRun: true, ...(config.location ? { location: config.location } : {}) });
  } catch (error) {
    if (error instanceof ConnectionError || ctx.signal.aborted) throw error;
    throw new ConnectionError(`BigQuery refused a test query in project ${api.projectId}: ${(error as Error).message}`, { reason: 'server_refused' });
  }
}

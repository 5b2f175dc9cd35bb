import type { PluginContext } from '../../contract';
import { EsClient } from './client';
import type { ElasticsearchConfig } from './config';

/** Runs `SELECT 1` through the SQL API: proves the URL, the TLS trust, the credentials and that SQL is available. */
export async function testConnection(config: ElasticsearchConfig, ctx: PluginContext): Promise<void> {
  const client = new EsClient(config, ctx);
  try {
    await client.call('POST', '/_sql?format=json', { query: 'SELECT 1' });
  } finally {
    await client.close();
  }
}

import { BadUserInputError, PluginConfigError } from '../../errors';
import type { Source } from '../../entities';
import type { Ferry } from '../../ferry';
import { apiPluginContext } from '../../engine/plugin-calls/api-context';
import { openSource } from '../../engine/plugin-calls/open-endpoint';
import type { Column } from '../../plugins/contract';
import type { ModelPreview } from './model-preview.type';

export const maxPreviewRows = 1000;

/** The columns of `sql` on a source, without reading its rows; SQL errors come back as the database's message. */
export async function describeSql(ferry: Ferry, source: Source, sql: string, field = 'input.sql'): Promise<Column[]> {
  const { plugin, config } = openSource(ferry, source);
  try {
    return await plugin.columns(config, { kind: 'sql', sql }, apiPluginContext(ferry));
  } catch (error) {
    if (error instanceof PluginConfigError) {
      throw new BadUserInputError(`${field}: ${error.message}`, field, { ...error.extensions, code: 'BAD_USER_INPUT' });
    }
    throw error;
  }
}

/** The first `limit` rows of `sql`, read through the source's cursor and stopped there. */
export async function previewSql(ferry: Ferry, source: Source, sql: string, limit: number): Promise<ModelPreview> {
  if (!Number.isInteger(limit) || limit < 1 || limit > maxPreviewRows) {
    throw new BadUserInputError(`limit: must be between 1 and ${maxPreviewRows} (got ${limit})`, 'limit');
  }
  const { plugin, config } = openSource(ferry, source);
  const ctx = apiPluginContext(ferry);
  const columns = await plugin.columns(config, { kind: 'sql', sql }, ctx);
  const rows: Record<string, unknown>[] = [];
  for await (const batch of plugin.read(config, { kind: 'sql', sql }, { batchSize: limit + 1 }, ctx)) {
    rows.push(...batch);
    if (rows.length > limit) break;
  }
  return { columns, rows: rows.slice(0, limit), truncated: rows.length > limit };
}

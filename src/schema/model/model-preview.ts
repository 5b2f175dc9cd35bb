import { BadUserInputError, type FerryError } from '../../errors';
import type { Source } from '../../entities';
import type { Ferry } from '../../ferry';
import { apiPluginContext } from '../../engine/plugin-calls/api-context';
import { openSource } from '../../engine/plugin-calls/open-endpoint';
import type { Column, ModelQuery } from '../../plugins/contract';
import { sourceCall } from '../shared/source-call';
import type { ModelPreview } from './model-preview.type';

export const maxPreviewRows = 1000;

/** The columns of a model's SQL or table, without reading its rows; the source's refusal comes back as BAD_USER_INPUT on `field`. */
export async function describeQuery(ferry: Ferry, source: Source, query: ModelQuery, field: string): Promise<Column[]> {
  const { plugin, config } = openSource(ferry, source);
  const columns = sourceCall(source, plugin, () => plugin.columns(config, query, apiPluginContext(ferry)));
  return columns.catch((error: unknown) => {
    if ((error as { code?: unknown }).code !== 'BAD_USER_INPUT') throw error;
    const { extensions, message } = error as FerryError;
    throw new BadUserInputError(`${field}: ${message}`, field, { ...extensions, code: 'BAD_USER_INPUT' });
  });
}

/** The first `limit` rows of a model's SQL or table, read through the source's cursor and stopped there. */
export async function previewQuery(ferry: Ferry, source: Source, query: ModelQuery, limit: number): Promise<ModelPreview> {
  if (!Number.isInteger(limit) || limit < 1 || limit > maxPreviewRows) {
    throw new BadUserInputError(`limit: must be between 1 and ${maxPreviewRows} (got ${limit})`, 'limit');
  }
  const { plugin, config } = openSource(ferry, source);
  const ctx = apiPluginContext(ferry);
  return sourceCall(source, plugin, async () => {
    const columns = await plugin.columns(config, query, ctx);
    const rows: Record<string, unknown>[] = [];
    for await (const batch of plugin.read(config, query, { batchSize: limit + 1 }, ctx)) {
      rows.push(...batch);
      if (rows.length > limit) break;
    }
    return { columns, rows: rows.slice(0, limit), truncated: rows.length > limit };
  });
}

import { BadUserInputError, type FerryError } from '../../errors';
import type { Source } from '../../entities';
import { apiSourceContext } from '../../engine/plugin-calls/api-context';
import { openSource } from '../../engine/plugin-calls/open-endpoint';
import type { Column, ModelQuery } from '../../plugins/contract';
import type { GraphQLContext } from '../context';
import { boundedSourceCall } from '../shared/bounded-source-call';
import type { ModelPreview } from './model-preview.type';
import { capPreviewBytes } from './preview-bytes';

export const maxPreviewRows = 1000;

type Request = Pick<GraphQLContext, 'ferry' | 'signal' | 'pluginCalls'>;

/** The columns of a model's SQL or table, without reading its rows; the source's refusal comes back as BAD_USER_INPUT on `field`. */
export async function describeQuery(request: Request, source: Source, query: ModelQuery, field: string): Promise<Column[]> {
  const open = openSource(request.ferry, source);
  const { plugin, config } = open;
  const columns = boundedSourceCall(request, source, plugin, (signal) =>
    plugin.columns(config, query, apiSourceContext(request.ferry, open, undefined, signal)),
  );
  return columns.catch((error: unknown) => {
    if ((error as { code?: unknown }).code !== 'BAD_USER_INPUT') throw error;
    const { extensions, message } = error as FerryError;
    throw new BadUserInputError(`${field}: ${message}`, field, { ...extensions, code: 'BAD_USER_INPUT' });
  });
}

/** The first `limit` rows of a model's SQL or table, read through the source's cursor and stopped there, bounded in bytes. */
export async function previewQuery(request: Request, source: Source, query: ModelQuery, limit: number): Promise<ModelPreview> {
  if (!Number.isInteger(limit) || limit < 1 || limit > maxPreviewRows) {
    throw new BadUserInputError(`limit: must be between 1 and ${maxPreviewRows} (got ${limit})`, 'limit');
  }
  const { config: settings } = request.ferry;
  const open = openSource(request.ferry, source);
  const { plugin, config } = open;
  return boundedSourceCall(request, source, plugin, async (signal) => {
    const ctx = apiSourceContext(request.ferry, open, undefined, signal);
    const columns = await plugin.columns(config, query, ctx);
    const rows: Record<string, unknown>[] = [];
    for await (const batch of plugin.read(config, query, { batchSize: limit + 1 }, ctx)) {
      rows.push(...batch);
      if (rows.length > limit) break;
    }
    const capped = capPreviewBytes(rows.slice(0, limit), settings.FERRY_PREVIEW_MAX_VALUE_BYTES, settings.FERRY_PREVIEW_MAX_BYTES);
    return {
      columns,
      rows: capped.rows,
      truncated: rows.length > limit || capped.rows.length < Math.min(rows.length, limit),
      truncation: capped.truncation,
    };
  });
}

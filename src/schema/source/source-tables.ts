import { apiSourceContext } from '../../engine/plugin-calls/api-context';
import { openSource } from '../../engine/plugin-calls/open-endpoint';
import type { Source } from '../../entities';
import { BadUserInputError } from '../../errors';
import type { GraphQLContext } from '../context';
import type { SourceTable } from '../../plugins/contract';
import { boundedSourceCall } from '../shared/bounded-source-call';

/** Most tables one Source.tables answer may ask for. */
export const MAX_TABLES = 1000;

/** The tables the source offers for table models, discovered live; none when its plugin has no tables(). */
export async function sourceTables(
  request: Pick<GraphQLContext, 'ferry' | 'signal' | 'pluginCalls'>,
  source: Source,
  search: string | null,
  first: number,
): Promise<SourceTable[]> {
  if (!Number.isInteger(first) || first < 1 || first > MAX_TABLES) {
    throw new BadUserInputError(`first: must be between 1 and ${MAX_TABLES} (got ${first})`, 'first');
  }
  const open = openSource(request.ferry, source);
  const { plugin, config } = open;
  if (!plugin.tables) return [];
  const options = { first, ...(search?.trim() ? { search: search.trim() } : {}) };
  const tables = await boundedSourceCall(request, source, plugin, (signal) =>
    plugin.tables!(config, options, apiSourceContext(request.ferry, open, undefined, signal)),
  );
  return tables.slice(0, first).map(({ schema, name }) => ({ schema: schema ?? null, name }));
}

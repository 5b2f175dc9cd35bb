import type { PluginContext } from '../../contract';
import { apiRequest, type QueryValue } from './client';
import type { ActiveCampaignConfig } from './config';

/** The API's largest page. */
export const PAGE_SIZE = 100;

/**
 * Every item of a paged collection (`limit`/`offset`, `meta.total` as a string or a number), page by page.
 * `collection` is the plural key the items sit under, e.g. `fields`.
 */
export async function* pagesOf<T>(
  config: ActiveCampaignConfig,
  ctx: PluginContext,
  path: string,
  collection: string,
  query: Record<string, QueryValue> = {},
): AsyncGenerator<T[]> {
  for (let offset = 0; ;) {
    const { body } = await apiRequest<Record<string, unknown>>(config, ctx, {
      method: 'GET',
      path,
      query: { ...query, limit: PAGE_SIZE, offset },
    });
    const items = Array.isArray(body[collection]) ? (body[collection] as T[]) : [];
    if (items.length === 0) return;
    yield items;
    offset += items.length;
    // Trust meta.total when there is one (an endpoint may cap pages below 100); otherwise a short page is the last.
    const total = Number((body.meta as { total?: unknown } | undefined)?.total);
    if (Number.isFinite(total) ? offset >= total : items.length < PAGE_SIZE) return;
  }
}

/** All items of a paged collection, for lists that are small by nature (fields, lists, schemas). */
export async function allOf<T>(
  config: ActiveCampaignConfig,
  ctx: PluginContext,
  path: string,
  collection: string,
  query: Record<string, QueryValue> = {},
): Promise<T[]> {
  const all: T[] = [];
  for await (const page of pagesOf<T>(config, ctx, path, collection, query)) all.push(...page);
  return all;
}

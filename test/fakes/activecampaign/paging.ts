/** `limit` (default 20, capped at 100) and `offset` paging; `meta.total` is a string on most endpoints. */

export interface Paging {
  limit: number;
  offset: number;
}

export function pagingOf(query: URLSearchParams, defaultLimit = 20): Paging {
  const rawLimit = Number(query.get('limit') ?? defaultLimit);
  const rawOffset = Number(query.get('offset') ?? 0);
  const limit = Number.isFinite(rawLimit) && rawLimit >= 1 ? Math.min(Math.floor(rawLimit), 100) : defaultLimit;
  const offset = Number.isFinite(rawOffset) && rawOffset > 0 ? Math.floor(rawOffset) : 0;
  return { limit, offset };
}

export function pageOf<T>(items: readonly T[], paging: Paging): T[] {
  return items.slice(paging.offset, paging.offset + paging.limit);
}

/** The usual `meta`, with a string total. */
export function metaOf(total: number): { total: string } {
  return { total: String(total) };
}

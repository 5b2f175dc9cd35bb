import { esErrors } from './errors';
import { parseTimeValue } from './cursors';
import type { PointsInTime } from './pits';
import type { EsError } from './types';

type Reply = { status: number; body: unknown; headers?: Record<string, string> };
const failure = (error: EsError): Reply => ({ status: error.status, body: error.body, headers: error.headers });

/**
 * POST /_search with a point in time, sorted by _shard_doc and paged with search_after: the documented way to read
 * a whole index. Only this form is served (no query, aggregations or scroll).
 */
export function searchWithPit(pits: PointsInTime, body: Record<string, unknown>): Reply {
  const pit = body.pit as { id?: unknown; keep_alive?: unknown } | undefined;
  if (!pit || typeof pit.id !== 'string') return failure(esErrors.badRequest('this fake serves only searches with a point in time (pit.id)'));
  const open = pits.take(pit.id);
  if (!open) return failure(esErrors.cursorGone(pit.id.slice(0, 20)));
  const keepAlive = parseTimeValue(pit.keep_alive, 0);
  if (keepAlive === null)
    return failure(esErrors.badRequest(`failed to parse setting [keep_alive] with value [${String(pit.keep_alive)}] as a time value`));
  if (keepAlive > 0) open.expiresAt = Date.now() + keepAlive;
  const size = body.size ?? 10;
  if (typeof size !== 'number' || size < 0 || size > 10_000)
    return failure(esErrors.badRequest('Result window is too large, from + size must be less than or equal to: [10000]'));
  const after = Array.isArray(body.search_after) ? Number(body.search_after[0]) : -1;
  if (Array.isArray(body.search_after) && !body.sort) return failure(esErrors.badRequest('Cannot use [search_after] without a sort'));
  const total = open.indices.reduce((sum, index) => sum + index.count, 0);
  const hits = [];
  for (let position = after + 1; position < total && hits.length < size; position += 1) {
    let offset = position;
    const index = open.indices.find((i) => (offset < i.count ? true : ((offset -= i.count), false)))!;
    hits.push({ _index: index.name, _id: String(offset), _score: null, _source: index.doc(offset), sort: [position] });
  }
  return {
    status: 200,
    body: {
      pit_id: open.id,
      took: 1,
      timed_out: false,
      _shards: { total: 1, successful: 1, skipped: 0, failed: 0 },
      hits: { max_score: null, hits },
    },
  };
}

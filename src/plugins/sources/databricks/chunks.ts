import { request } from 'undici';
import { ConnectionError, describeUndocumentedBody, responseCap, type PluginContext } from '../../contract';
import type { StatementApi } from './api';
import { networkError } from './api-errors';
import type { ExternalLink, StatementResponse } from './wire-types';

type WireRow = Array<string | null>;
/** A chunk is read one at a time and may be larger than FERRY_MAX_RESPONSE_BYTES; this still stops a body that never ends. */
const CHUNK_MAX_BYTES = 1024 ** 3;

/** A link that has expired (or will within a second) is renewed before use rather than failing first. */
const isStale = (link: ExternalLink) => Date.parse(link.expiration) - Date.now() < 1000;

/**
 * Downloads one chunk from its presigned URL. The URL carries its own short-lived credential: sending the
 * token as well would leak it to the storage service, and the storage service refuses two credentials.
 * Returns null when the storage refuses the link as expired (403), so the caller renews it.
 */
async function download(link: ExternalLink, ctx: Pick<PluginContext, 'http' | 'signal'>, timeoutMs: number): Promise<WireRow[] | null> {
  let reply: Awaited<ReturnType<typeof request>>;
  let text: string;
  try {
    reply = await request(link.external_link, {
      method: 'GET',
      dispatcher: ctx.http,
      signal: ctx.signal,
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
      ...responseCap(CHUNK_MAX_BYTES),
    });
    text = await reply.body.text();
  } catch (cause) {
    ctx.signal.throwIfAborted();
    // The URL carries a credential: name only its host.
    throw networkError(cause, new URL(link.external_link).origin, timeoutMs / 1000);
  }
  if (reply.statusCode === 403) return null;
  if (reply.statusCode !== 200) {
    throw new ConnectionError(
      `Downloading result chunk ${link.chunk_index} failed (HTTP ${reply.statusCode} with ${describeUndocumentedBody(text, String(reply.headers['content-type'] ?? ''))}): check that Ferry may reach the workspace's cloud storage`,
      { reason: 'chunk_download_failed' },
    );
  }
  return JSON.parse(text) as WireRow[];
}

/**
 * The statement's rows, one chunk at a time: the first chunk's link comes with the response, each next one from
 * the chunk endpoint, so only one chunk is ever held. An expired link is renewed through the chunk endpoint
 * (twice at most per chunk).
 */
export async function* chunkRows(
  api: StatementApi,
  response: StatementResponse,
  ctx: Pick<PluginContext, 'http' | 'signal'>,
  timeoutMs: number,
): AsyncGenerator<WireRow[]> {
  const total = response.manifest?.total_chunk_count ?? 0;
  let link: ExternalLink | undefined = response.result?.external_links?.find((l) => l.chunk_index === 0);
  for (let index = 0; index < total; index += 1) {
    let rows: WireRow[] | null = null;
    for (let attempt = 0; rows === null; attempt += 1) {
      if (attempt > 2)
        throw new ConnectionError(
          `The link to result chunk ${index} kept expiring before it could be downloaded: check this machine's clock, then run again`,
          { reason: 'chunk_link_expired' },
        );
      if (!link || link.chunk_index !== index || isStale(link) || attempt > 0) link = await api.chunkLink(response.statement_id, index);
      rows = await download(link, ctx, timeoutMs);
    }
    link = undefined;
    yield rows;
  }
}

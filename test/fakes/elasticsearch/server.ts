import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { checkAuth, type Credentials } from './auth';
import type { FakeCluster } from './cluster';
import { Cursors, parseTimeValue } from './cursors';
import { esErrors } from './errors';
import { stringifyWithBigints } from './json-body';
import type { PointsInTime } from './pits';
import { searchWithPit } from './search';
import { compileSql, EsFailure } from './sql';
import type { EsError } from './types';

export interface RequestRecord {
  method: string;
  path: string;
  status: number;
  body: Record<string, unknown> | null;
}

export interface ServerSettings {
  credentials: Credentials;
  cluster: FakeCluster;
  cursors: Cursors;
  pits: PointsInTime;
  /** SQL queries still being answered (a client that hangs up ends its query, as the task is cancelled). */
  inFlight: { count: number };
  requests: RequestRecord[];
  version: string;
}

type Reply = { status: number; body: unknown; headers?: Record<string, string> };

const failure = (error: EsError): Reply => ({ status: error.status, body: error.body, headers: error.headers });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const sqlFields = new Set([
  'query',
  'cursor',
  'fetch_size',
  'page_timeout',
  'request_timeout',
  'columnar',
  'field_multi_value_leniency',
  'time_zone',
  'params',
  'filter',
  'keep_alive',
  'wait_for_completion_timeout',
  'keep_on_completion',
  'catalog',
  'runtime_mappings',
  'index_using_frozen',
  'allow_partial_search_results',
  'binary_format',
  'mode',
  'client_id',
  'version',
]);

function page(
  settings: ServerSettings,
  cursorId: string | null,
  result: ReturnType<typeof compileSql>,
  offset: number,
  fetchSize: number,
  pageTimeoutMs: number,
) {
  const rows: unknown[][] = [];
  const end = Math.min(result.count, offset + fetchSize);
  for (let i = offset; i < end; i += 1) rows.push(result.row(i));
  if (end >= result.count) {
    if (cursorId) settings.cursors.close(cursorId, false);
    return { rows };
  }
  if (cursorId) {
    const cursor = settings.cursors.take(cursorId)!;
    cursor.offset = end;
    settings.cursors.touch(cursor);
    return { rows, cursor: cursorId };
  }
  return { rows, cursor: settings.cursors.create(result, end, fetchSize, pageTimeoutMs) };
}

async function sql(settings: ServerSettings, body: Record<string, unknown>, closed: () => boolean, gone: () => boolean): Promise<Reply> {
  const unknown = Object.keys(body).find((key) => !sqlFields.has(key));
  if (unknown) return failure(esErrors.unknownField(unknown));
  if (typeof body.cursor === 'string') {
    const cursor = settings.cursors.take(body.cursor);
    if (!cursor) return failure(esErrors.cursorGone(body.cursor.split(':').pop() ?? body.cursor));
    return { status: 200, body: page(settings, cursor.id, cursor.result, cursor.offset, cursor.fetchSize, cursor.pageTimeoutMs) };
  }
  if (typeof body.query !== 'string' || body.query.trim() === '') return failure(esErrors.badRequest('one of [query] or [cursor] is required'));
  const fetchSize = body.fetch_size ?? 1000;
  if (typeof fetchSize !== 'number' || !Number.isInteger(fetchSize) || fetchSize <= 0)
    return failure(esErrors.badRequest('[fetch_size] must be greater than 0.'));
  const pageTimeoutMs = parseTimeValue(body.page_timeout, 45_000);
  if (pageTimeoutMs === null)
    return failure(esErrors.badRequest(`failed to parse setting [page_timeout] with value [${String(body.page_timeout)}] as a time value`));
  if (body.columnar === true) return failure(esErrors.badRequest('this fake serves columnar: false only'));
  const result = compileSql(body.query, settings.cluster, body.field_multi_value_leniency === true);
  const until = Date.now() + result.latencyMs;
  settings.inFlight.count += 1;
  try {
    while (Date.now() < until && !closed() && !gone()) await sleep(10);
  } finally {
    settings.inFlight.count -= 1;
  }
  return { status: 200, body: { columns: result.columns, ...page(settings, null, result, 0, fetchSize, pageTimeoutMs) } };
}

async function readBody(request: IncomingMessage): Promise<Record<string, unknown> | 'malformed' | null> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return null;
  try {
    const value = JSON.parse(text);
    return typeof value === 'object' && value && !Array.isArray(value) ? value : 'malformed';
  } catch {
    return 'malformed';
  }
}

async function route(
  settings: ServerSettings,
  request: IncomingMessage,
  url: URL,
  body: Record<string, unknown> | null,
  closed: () => boolean,
): Promise<Reply> {
  const denied = checkAuth(request.headers.authorization, settings.credentials, url.pathname);
  if (denied) return failure(denied);
  const method = request.method ?? 'GET';
  const path = url.pathname.replace(/\/+$/, '') || '/';
  if (path === '/' && method === 'GET') {
    return {
      status: 200,
      body: {
        name: 'fake-node',
        cluster_name: 'fake-cluster',
        version: { number: settings.version, build_flavor: 'default' },
        tagline: 'You Know, for Search',
      },
    };
  }
  if (path === '/_sql' && (method === 'POST' || method === 'GET')) {
    const format = url.searchParams.get('format') ?? 'json';
    if (format !== 'json') return failure(esErrors.badRequest(`this fake serves format=json only, got [${format}]`));
    return sql(settings, body ?? {}, closed, () => request.socket.destroyed);
  }
  if (path === '/_sql/close' && method === 'POST') {
    if (typeof body?.cursor !== 'string') return failure(esErrors.badRequest('[cursor] is required'));
    settings.cursors.close(body.cursor, true);
    return { status: 200, body: { succeeded: true } };
  }
  if (path === '/_sql/translate' && (method === 'POST' || method === 'GET')) {
    const result = compileSql(String(body?.query ?? ''), settings.cluster, false);
    return {
      status: 200,
      body: {
        size: body?.fetch_size ?? 1000,
        _source: false,
        fields: result.columns.map((c) => ({ field: c.name })),
        sort: [{ _doc: { order: 'asc' } }],
      },
    };
  }
  if (path === '/_search' && (method === 'POST' || method === 'GET')) return searchWithPit(settings.pits, body ?? {});
  if (path === '/_pit' && method === 'DELETE') {
    if (typeof body?.id !== 'string') return failure(esErrors.badRequest('[id] is required'));
    const freed = settings.pits.close(body.id);
    return { status: freed ? 200 : 404, body: { succeeded: true, num_freed: freed ? 1 : 0 } };
  }
  const indexApi = /^\/([^_/][^/]*)\/(_mapping|_pit|_count)$/.exec(path);
  if (indexApi) {
    const name = decodeURIComponent(indexApi[1]);
    const indices = settings.cluster.resolve(name);
    if (indices.length === 0) return failure(esErrors.indexNotFound(name));
    if (indexApi[2] === '_mapping' && method === 'GET') {
      return { status: 200, body: Object.fromEntries(indices.map((index) => [index.name, { mappings: { properties: index.mappings } }])) };
    }
    if (indexApi[2] === '_count' && (method === 'GET' || method === 'POST')) {
      return {
        status: 200,
        body: { count: indices.reduce((sum, index) => sum + index.count, 0), _shards: { total: 1, successful: 1, skipped: 0, failed: 0 } },
      };
    }
    if (indexApi[2] === '_pit' && method === 'POST') {
      const closedIndex = indices.find((index) => index.closed);
      if (closedIndex) return failure(esErrors.indexClosed(closedIndex.name));
      const keepAlive = parseTimeValue(url.searchParams.get('keep_alive') ?? undefined, -1);
      if (keepAlive === null || keepAlive < 0) return failure(esErrors.badRequest('[keep_alive] is required'));
      return { status: 200, body: { id: settings.pits.create(indices, keepAlive), _shards: { total: 1, successful: 1, skipped: 0, failed: 0 } } };
    }
  }
  const resolve = /^\/_resolve\/index\/(.+)$/.exec(path);
  if (resolve && method === 'GET') {
    const expand = (url.searchParams.get('expand_wildcards') ?? 'open').split(',');
    return { status: 200, body: settings.cluster.resolveIndex(decodeURIComponent(resolve[1]), expand) };
  }
  if (path === '/_cat/indices' && method === 'GET') {
    const expand = (url.searchParams.get('expand_wildcards') ?? 'all').split(',');
    const { indices } = settings.cluster.resolveIndex('*', expand);
    return {
      status: 200,
      body: indices.map((i) => ({
        health: 'green',
        status: 'open',
        index: i.name,
        pri: '1',
        rep: '0',
        'docs.count': String(settings.cluster.indices.get(i.name)?.count ?? 0),
      })),
    };
  }
  if (path === '/_cat/aliases' && method === 'GET') {
    const { aliases } = settings.cluster.resolveIndex('*', ['all']);
    return {
      status: 200,
      body: aliases.flatMap((a) =>
        a.indices.map((index) => ({ alias: a.name, index, filter: '-', 'routing.index': '-', 'routing.search': '-', is_write_index: '-' })),
      ),
    };
  }
  return failure(esErrors.noHandler(method, url.pathname));
}

export async function listen(
  settings: ServerSettings,
  port: number,
  tls?: { key: string; cert: string },
): Promise<{ url: string; close: () => Promise<void> }> {
  let closed = false;
  const sockets = new Set<Socket>();
  const handler = (request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    readBody(request)
      .then(async (body) => ({
        reply:
          body === 'malformed'
            ? failure(esErrors.badRequest('request body is required to be a JSON object'))
            : await route(settings, request, url, body, () => closed),
        body,
      }))
      .catch((error: unknown) => ({
        reply:
          error instanceof EsFailure
            ? failure(error.reply)
            : { status: 500, body: { error: { type: 'exception', reason: String(error) }, status: 500 } },
        body: null,
      }))
      .then(({ reply, body }) => {
        settings.requests.push({
          method: request.method ?? 'GET',
          path: url.pathname,
          status: reply.status,
          body: body === 'malformed' ? null : body,
        });
        response.writeHead(reply.status, { 'Content-Type': 'application/json', 'X-elastic-product': 'Elasticsearch', ...reply.headers });
        response.end(stringifyWithBigints(reply.body));
      });
  };
  const server = tls ? createTlsServer(tls, handler) : createServer(handler);
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const url = `${tls ? 'https' : 'http'}://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    close: async () => {
      closed = true;
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

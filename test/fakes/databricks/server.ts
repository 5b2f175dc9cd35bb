import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { FakeCatalog } from './catalog';
import { apiErrors, type ApiError } from './errors';
import { runQuery } from './query';
import { externalLink, inlineChunk, statementResponse } from './responses';
import type { Disposition, Statements } from './statements';

export interface RequestRecord {
  method: string;
  path: string;
  /** Whether the request carried an Authorization header. */
  authorized: boolean;
  status: number;
}

export interface ServerSettings {
  tokens: Set<string>;
  warehouseId: string;
  catalog: FakeCatalog;
  statements: Statements;
  requests: RequestRecord[];
}

type Reply = { status: number; body: unknown; contentType?: string };

const json = (status: number, body: unknown): Reply => ({ status, body });
const fail = (error: ApiError): Reply => json(error.status, error.body);
const xml = (status: number, code: string, message: string): Reply => ({
  status,
  contentType: 'application/xml',
  body: `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message></Error>`,
});

async function readJson(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return text.trim() === '' ? {} : JSON.parse(text);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** wait_timeout: "0s" or "5s" to "50s" (documented); null when invalid. */
function waitSeconds(value: unknown): number | null {
  if (value === undefined) return 10;
  const match = typeof value === 'string' ? /^(\d+)s$/.exec(value) : null;
  if (!match) return null;
  const seconds = Number(match[1]);
  return seconds === 0 || (seconds >= 5 && seconds <= 50) ? seconds : null;
}

async function executeStatement(settings: ServerSettings, baseUrl: string, body: Record<string, unknown>, closed: () => boolean): Promise<Reply> {
  const { statement, warehouse_id: warehouseId } = body;
  if (typeof statement !== 'string' || statement.trim() === '') return fail(apiErrors.invalidParameter('statement is required'));
  if (typeof warehouseId !== 'string' || warehouseId === '') return fail(apiErrors.invalidParameter('warehouse_id is required'));
  if (warehouseId !== settings.warehouseId) return fail(apiErrors.warehouseNotFound(warehouseId));
  const disposition = (body.disposition ?? 'INLINE') as Disposition;
  if (!['INLINE', 'EXTERNAL_LINKS'].includes(disposition))
    return fail(apiErrors.invalidParameter(`disposition must be INLINE or EXTERNAL_LINKS, got ${String(disposition)}`));
  const format = body.format ?? 'JSON_ARRAY';
  if (format !== 'JSON_ARRAY') return fail(apiErrors.invalidParameter(`This fake serves format JSON_ARRAY only, got ${String(format)}`));
  const wait = waitSeconds(body.wait_timeout);
  if (wait === null) return fail(apiErrors.invalidParameter('wait_timeout must be 0 seconds (disables wait) or between 5 seconds and 50 seconds.'));
  const onWaitTimeout = body.on_wait_timeout ?? 'CONTINUE';
  if (onWaitTimeout !== 'CONTINUE' && onWaitTimeout !== 'CANCEL')
    return fail(apiErrors.invalidParameter('on_wait_timeout must be CONTINUE or CANCEL'));
  const parameters = new Map<string, string | null>();
  for (const parameter of Array.isArray(body.parameters) ? (body.parameters as Array<{ name?: unknown; value?: unknown }>) : []) {
    if (typeof parameter.name !== 'string') return fail(apiErrors.invalidParameter('parameters[].name is required'));
    parameters.set(parameter.name, parameter.value === undefined || parameter.value === null ? null : String(parameter.value));
  }
  const catalog = typeof body.catalog === 'string' ? body.catalog : settings.catalog.defaultCatalog;
  const schema = typeof body.schema === 'string' ? body.schema : settings.catalog.defaultSchema;
  const outcome = runQuery(statement, { catalog: settings.catalog, currentCatalog: catalog, currentSchema: schema, parameters });
  const stored = settings.statements.create(disposition, outcome);
  const deadline = Date.now() + wait * 1000;
  while (wait > 0 && Date.now() < deadline && !closed() && ['PENDING', 'RUNNING'].includes(settings.statements.state(stored))) await sleep(10);
  if (onWaitTimeout === 'CANCEL' && wait > 0) settings.statements.cancel(stored);
  return json(200, statementResponse(settings.statements, baseUrl, stored));
}

function serveStorage(settings: ServerSettings, request: IncomingMessage, url: URL): Reply {
  // A presigned URL carries its own credential: cloud storage refuses a second one (S3's answer).
  if (request.headers.authorization) {
    return xml(
      400,
      'InvalidArgument',
      'Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter, Signature query string parameter or the Authorization header should be specified',
    );
  }
  const match = /^\/fake-storage\/([^/]+)\/(\d+)$/.exec(url.pathname);
  const statement = match ? settings.statements.get(match[1]) : undefined;
  const verdict = settings.statements.verify(url.pathname, url.searchParams);
  if (!match || !statement || verdict === 'bad')
    return xml(403, 'SignatureDoesNotMatch', 'The request signature we calculated does not match the signature you provided.');
  if (verdict === 'expired') return xml(403, 'AccessDenied', 'Request has expired');
  return { status: 200, contentType: 'application/json', body: settings.statements.chunkBody(statement, Number(match[2])) };
}

async function route(settings: ServerSettings, baseUrl: string, request: IncomingMessage, url: URL, closed: () => boolean): Promise<Reply> {
  if (url.pathname.startsWith('/fake-storage/') && request.method === 'GET') return serveStorage(settings, request, url);
  const auth = request.headers.authorization;
  if (!auth) return fail(apiErrors.noCredentials());
  if (!auth.startsWith('Bearer ') || !settings.tokens.has(auth.slice(7))) return fail(apiErrors.invalidToken());

  const parts = url.pathname.split('/').filter(Boolean);
  if (parts.slice(0, 4).join('/') !== 'api/2.0/sql/statements') return fail(apiErrors.notFound(url.pathname));
  if (parts.length === 4 && request.method === 'POST') {
    let body: unknown;
    try {
      body = await readJson(request);
    } catch {
      return fail(apiErrors.malformed('Invalid JSON given in the body of the request - expected a map'));
    }
    if (typeof body !== 'object' || body === null || Array.isArray(body))
      return fail(apiErrors.malformed('Invalid JSON given in the body of the request - expected a map'));
    return executeStatement(settings, baseUrl, body as Record<string, unknown>, closed);
  }
  const statement = settings.statements.get(parts[4] ?? '');
  if (!statement) return fail(apiErrors.statementNotFound(parts[4] ?? ''));
  if (parts.length === 5 && request.method === 'GET') return json(200, statementResponse(settings.statements, baseUrl, statement));
  if (parts.length === 6 && parts[5] === 'cancel' && request.method === 'POST') {
    settings.statements.cancel(statement);
    return json(200, {});
  }
  if (parts.length === 8 && parts[5] === 'result' && parts[6] === 'chunks' && request.method === 'GET') {
    const index = Number(parts[7]);
    if (settings.statements.state(statement) !== 'SUCCEEDED')
      return fail(apiErrors.invalidParameter(`The statement ${statement.id} has no result to fetch: it is ${settings.statements.state(statement)}`));
    if (!Number.isInteger(index) || index < 0 || index >= settings.statements.chunkCount(statement))
      return fail(apiErrors.invalidParameter(`chunk_index ${parts[7]} is out of range`));
    return json(
      200,
      statement.disposition === 'EXTERNAL_LINKS'
        ? { external_links: [externalLink(settings.statements, baseUrl, statement, index)] }
        : inlineChunk(settings.statements, statement, index),
    );
  }
  return fail(apiErrors.notFound(url.pathname));
}

/** Starts the HTTP server on 127.0.0.1; returns it with its base URL. */
export async function listen(settings: ServerSettings, port: number): Promise<{ server: Server; url: string; close: () => Promise<void> }> {
  let baseUrl = '';
  let closed = false;
  const sockets = new Set<Socket>();
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? '/', baseUrl);
    route(settings, baseUrl, request, url, () => closed)
      .catch((error: Error) => json(500, { error_code: 'INTERNAL_ERROR', message: error.message }))
      .then((reply) => {
        settings.requests.push({
          method: request.method ?? 'GET',
          path: url.pathname,
          authorized: Boolean(request.headers.authorization),
          status: reply.status,
        });
        const text = typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body);
        response.writeHead(reply.status, { 'Content-Type': reply.contentType ?? 'application/json' });
        response.end(text);
      });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const close = async () => {
    closed = true;
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return { server, url: baseUrl, close };
}

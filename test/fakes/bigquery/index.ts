import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import {
  AccessTokens,
  ServiceAccounts,
  googleError,
  handleTokenRequest,
  readBody,
  sendJson,
  unauthenticated,
  type FakeServiceAccount,
} from '../google-oauth';
import { handleControl } from './control';
import { Jobs } from './jobs';
import { FakeQueryError } from './query-error';
import { cancel, getQueryResults, getTable, listDatasets, listTables, query, type Reply, type RouteContext } from './routes';
import { Warehouse } from './warehouse';

export { generatedRowsSql } from './query-plan';
export type { FakeField, FakeRow } from './schema';

export interface FakeBigQueryOptions {
  /** Port on 127.0.0.1 (default 0: any free port). */
  port?: number;
  /** Extra time every job runs before its result is ready (default 0: done at once unless `/* fake:slow N *\/`). */
  jobLatencyMs?: number;
  /** Most rows per result page when the request asks for more or sets no maxResults (default 100,000). */
  maxPageRows?: number;
  /**
   * Longest a jobs.query or getQueryResults call waits for its job, whatever its timeoutMs asks (default 10,000 as
   * BigQuery's own default): tests lower it to see jobComplete: false without waiting ten seconds.
   */
  maxWaitMs?: number;
}

export interface FakeBigQuery {
  /** Base URL of the API (the plugin's apiUrl). */
  url: string;
  /** The token endpoint written into every key's token_uri. */
  tokenUri: string;
  warehouse: Warehouse;
  jobs: Jobs;
  tokens: AccessTokens;
  options: Required<Omit<FakeBigQueryOptions, 'port'>>;
  /** A service account of `projectId` with roles/bigquery.jobUser there (unless `jobUser: false`). */
  createServiceAccount(name: string, projectId: string, grants?: { jobUser?: boolean }): FakeServiceAccount;
  /** The next API requests (not token requests) are answered with these errors, in order. */
  failNext(...errors: FakeQueryError[]): void;
  /** Every API request, as `METHOD /path?query`. */
  requests: string[];
  close(): Promise<void>;
}

const SCOPES = new Set([
  'https://www.googleapis.com/auth/bigquery',
  'https://www.googleapis.com/auth/cloud-platform',
  'https://www.googleapis.com/auth/bigquery.readonly',
]);

type Route = { method: string; pattern: RegExp; handle: (context: RouteContext, ...params: string[]) => Reply | Promise<Reply> };

const routes: Route[] = [
  { method: 'POST', pattern: /^\/bigquery\/v2\/projects\/([^/]+)\/queries$/, handle: query },
  { method: 'GET', pattern: /^\/bigquery\/v2\/projects\/([^/]+)\/queries\/([^/]+)$/, handle: getQueryResults },
  { method: 'POST', pattern: /^\/bigquery\/v2\/projects\/([^/]+)\/jobs\/([^/]+)\/cancel$/, handle: cancel },
  { method: 'GET', pattern: /^\/bigquery\/v2\/projects\/([^/]+)\/datasets$/, handle: listDatasets },
  { method: 'GET', pattern: /^\/bigquery\/v2\/projects\/([^/]+)\/datasets\/([^/]+)\/tables$/, handle: listTables },
  { method: 'GET', pattern: /^\/bigquery\/v2\/projects\/([^/]+)\/datasets\/([^/]+)\/tables\/([^/]+)$/, handle: getTable },
];

/** Starts the fake BigQuery REST API v2 and its OAuth token endpoint on 127.0.0.1 (see README.md). */
export async function startFakeBigQuery(input: FakeBigQueryOptions = {}): Promise<FakeBigQuery> {
  const options = { jobLatencyMs: input.jobLatencyMs ?? 0, maxPageRows: input.maxPageRows ?? 100_000, maxWaitMs: input.maxWaitMs ?? 10_000 };
  const warehouse = new Warehouse();
  const jobs = new Jobs(() => options.jobLatencyMs);
  const tokens = new AccessTokens();
  let base = '';
  const accounts = new ServiceAccounts(() => `${base}/token`);
  const injected: FakeQueryError[] = [];
  const requests: string[] = [];

  const server: Server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', base);
      if (url.pathname === '/token') return handleTokenRequest(req, res, accounts, tokens, `${base}/token`);
      if (url.pathname.startsWith('/fake/')) return handleControl(req, res, url.pathname, warehouse, jobs);
      requests.push(`${req.method} ${url.pathname}${url.search}`);
      const text = await readBody(req);
      const caller = tokens.holder(req.headers.authorization);
      if (!caller) return sendJson(res, 401, unauthenticated);
      if (!caller.scopes.some((scope) => SCOPES.has(scope))) {
        return sendJson(
          res,
          403,
          googleError(403, 'PERMISSION_DENIED', 'Request had insufficient authentication scopes.', 'insufficientPermissions'),
        );
      }
      const route = routes.find((candidate) => candidate.method === req.method && candidate.pattern.test(url.pathname));
      if (!route) return sendJson(res, 404, googleError(404, 'NOT_FOUND', `Not found: ${req.method} ${url.pathname}`, 'notFound'));
      let body: Record<string, unknown> = {};
      try {
        body = text.trim() === '' ? {} : (JSON.parse(text) as Record<string, unknown>);
      } catch {
        return sendJson(res, 400, googleError(400, 'INVALID_ARGUMENT', 'Invalid JSON payload received.', 'parseError'));
      }
      try {
        const fault = injected.shift();
        if (fault) throw fault;
        const params = route.pattern.exec(url.pathname)!.slice(1).map(decodeURIComponent);
        const reply = await route.handle(
          { warehouse, jobs, caller, url, body, req, defaultPageRows: options.maxPageRows, maxWaitMs: options.maxWaitMs },
          ...params,
        );
        sendJson(res, reply.status, reply.body);
      } catch (error) {
        if (!(error instanceof FakeQueryError)) throw error;
        sendJson(
          res,
          error.httpStatus,
          googleError(
            error.httpStatus,
            error.status,
            error.message,
            error.reason,
            error.reason === 'invalidQuery' ? { location: 'q', locationType: 'parameter' } : {},
          ),
        );
      }
    })().catch((error: unknown) => {
      if (!res.headersSent) sendJson(res, 500, googleError(500, 'INTERNAL', `fake BigQuery failed: ${(error as Error).message}`, 'internalError'));
    });
  });
  const sockets = new Set<Socket>();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(input.port ?? 0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url: base,
    tokenUri: `${base}/token`,
    warehouse,
    jobs,
    tokens,
    options,
    requests,
    createServiceAccount(name, projectId, grants = {}) {
      const account = accounts.create(name, projectId);
      if (grants.jobUser !== false) warehouse.grantJobUser(projectId, account.email);
      return account;
    },
    failNext: (...errors) => injected.push(...errors),
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

export { FakeQueryError };

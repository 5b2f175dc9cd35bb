/** The HTTP server: auth → account rate limit → faults → route, with every request logged. */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import createDebug from 'debug';
import { ApiKeys, authFailureBody } from './auth';
import { BulkImportProcessor } from './bulk-import-processor';
import { CLOUDFLARE_504_HTML, SERVICE_UNAVAILABLE_HTML, bulkFailure, errorBodies } from './errors';
import { FaultRegistry, type FaultDecision } from './faults';
import { readBody, send } from './http-io';
import type { FakeActiveCampaign, FakeActiveCampaignOptions } from './index';
import { resolveOptions, type ResolvedOptions } from './options';
import { relativeApiPath } from './path-pattern';
import { AccountRateLimit } from './rate-limit';
import { RequestLogStore, type RequestLogEntry } from './request-log';
import type { RouteReply, Router } from './router';
import { buildRouter } from './routes';
import { Clock } from './state/clock';
import { FakeState } from './state/fake-state';

const debug = createDebug('ferry:fake-activecampaign');

interface Pipeline {
  options: ResolvedOptions;
  keys: ApiKeys;
  limit: AccountRateLimit;
  faults: FaultRegistry;
  log: RequestLogStore;
  router: Router;
}

/** What an over-limit request gets: 429 JSON or a 503 HTML page, with `Retry-After`. */
function overLimit(status: number, retryAfterSeconds: number, headers: Record<string, string> = {}): RouteReply {
  const body = status === 503 ? SERVICE_UNAVAILABLE_HTML : errorBodies.tooManyRequests;
  return { status, body, headers: { ...headers, 'Retry-After': String(retryAfterSeconds) } };
}

function faultReply(fault: NonNullable<FaultDecision['fault']>, retryAfterDefault: number): RouteReply | null {
  switch (fault.type) {
    case 'rate-limit':
      return overLimit(fault.status ?? 429, fault.retryAfterSeconds ?? retryAfterDefault);
    case 'service-unavailable':
      return { status: 503, body: SERVICE_UNAVAILABLE_HTML };
    case 'gateway-timeout':
      return { status: 504, body: CLOUDFLARE_504_HTML };
    case 'server-error':
      return { status: 500, body: {} };
    case 'response':
      return { status: fault.status, body: fault.body, headers: fault.headers };
    default:
      return null;
  }
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  if (text.trim() === '') return { ok: true, value: undefined };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

async function handle(p: Pipeline, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const time = Date.now();
  const method = (req.method ?? 'GET').toUpperCase();
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const keyIndex = p.keys.identify(req);
  const entry: RequestLogEntry = p.log.add({ method, path: req.url ?? '/', status: null, time, bytes: 0, outcome: 'pending', keyIndex });
  const reply = (r: RouteReply, headers: Record<string, string>): void => {
    entry.status = r.status;
    entry.outcome = 'replied';
    send(res, r, headers);
  };

  if (url.pathname !== '/api/3' && !url.pathname.startsWith('/api/3/')) {
    req.resume();
    return reply({ status: 404, body: errorBodies.notFound }, {});
  }
  if (keyIndex < 0) {
    req.resume();
    return reply({ status: p.options.authFailureStatus, body: authFailureBody(p.options.authFailureStatus) }, p.limit.peek(time));
  }
  const rate = p.limit.take(time);
  if (!rate.allowed) {
    req.resume();
    return reply(overLimit(p.options.rateLimitStatus, p.options.retryAfterSeconds), rate.headers);
  }
  const path = relativeApiPath(url.pathname);
  const decision = p.faults.decide(method, path);

  const body = await readBody(req);
  entry.bytes = body.bytes;
  if (decision.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, decision.latencyMs));
  const fault = decision.fault;
  if (fault?.type === 'reset') {
    entry.outcome = 'reset';
    req.socket.destroy();
    return;
  }
  if (fault?.type === 'hang') {
    entry.outcome = 'hang';
    return;
  }
  const injected = fault ? faultReply(fault, p.options.retryAfterSeconds) : null;
  if (injected) return reply(injected, rate.headers);

  let routeReply: RouteReply;
  const route = p.router.match(method, path);
  const json = parseJson(body.text);
  if (!route) routeReply = { status: 404, body: errorBodies.notFound };
  else if (body.tooLarge) routeReply = { status: 413, body: { message: 'Request Entity Too Large' } };
  else if (!json.ok) {
    routeReply = path.startsWith('/import/')
      ? {
          status: 400,
          body: bulkFailure('JSON payload did not pass validation. The import was not queued for processing.', [
            'The request body is not valid JSON.',
          ]),
        }
      : { status: 400, body: errorBodies.badRequest };
  } else {
    try {
      routeReply = route.handler({ method, path, params: route.params, query: url.searchParams, body: json.value, bytes: body.bytes, time });
    } catch (error) {
      debug('route %s %s failed: %O', method, path, error);
      routeReply = { status: 500, body: {} };
    }
  }
  if (fault?.type === 'reply-lost') {
    entry.status = routeReply.status;
    entry.outcome = 'reply-lost';
    req.socket.destroy();
    return;
  }
  reply(routeReply, rate.headers);
}

/** Starts the fake on 127.0.0.1 and resolves once it listens. */
export async function startFakeActiveCampaign(options: FakeActiveCampaignOptions = {}): Promise<FakeActiveCampaign> {
  const resolved = resolveOptions(options);
  const state = new FakeState(new Clock(resolved.accountUtcOffset), resolved.validateFieldValues);
  const faults = new FaultRegistry();
  for (const rule of options.faults ?? []) faults.inject(rule);
  const importer = new BulkImportProcessor(state, faults, resolved);
  const log = new RequestLogStore(resolved.requestLogLimit);
  const pipeline: Pipeline = {
    options: resolved,
    keys: new ApiKeys(resolved.apiKeys),
    limit: new AccountRateLimit(resolved.requestsPerSecond),
    faults,
    log,
    router: buildRouter({ state, options: resolved, faults, importer }),
  };

  const sockets = new Set<Socket>();
  const server = createServer({ keepAlive: true }, (req, res) => {
    handle(pipeline, req, res).catch((error: unknown) => {
      debug('request failed: %O', error);
      req.socket.destroy();
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(resolved.port, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  debug('listening on 127.0.0.1:%d', port);

  return {
    url: `http://127.0.0.1:${port}`,
    apiKey: resolved.apiKeys[0],
    apiKeys: resolved.apiKeys,
    state,
    requests: log,
    faults,
    async close(): Promise<void> {
      importer.close();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const socket of sockets) socket.destroy();
      await closed;
    },
  };
}

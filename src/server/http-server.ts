import type { GraphQLSchema } from 'graphql';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { StartupConfigError } from '../errors';
import type { Ferry } from '../ferry';
import { applyCors } from './cors';
import { createGraphQLHttpHandler } from './graphql-http';
import { attachGraphQLWebSocket } from './graphql-websocket';
import { sendJson } from './json-response';
import { metricsRoute } from './metrics-route';
import type { MetricsSource } from '../metrics/metrics-response';
import { sendConsolePage } from './web/console';
import { graphiqlPage } from './web/graphiql';
import { ownAssets } from './web/own-assets';
import { wantsHtml } from './web/page-headers';
import { StaticAssets } from './web/static-asset';

export interface ReadinessCheck {
  database(): Promise<boolean>;
  scheduler(): boolean;
}

export interface RunningServer {
  server: Server;
  url: string;
  stop(): Promise<void>;
}

async function listen(server: Server, port: number, host: string): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE')
        reject(new StartupConfigError(`Port ${port} on ${host} is already in use: stop the other process or set FERRY_PORT to another port`));
      else if (error.code === 'EADDRNOTAVAIL' || error.code === 'ENOTFOUND')
        reject(new StartupConfigError(`FERRY_HOST "${host}" is not an address of this machine: use e.g. 127.0.0.1 or 0.0.0.0`));
      else reject(error);
    });
    server.listen(port, host, () => resolve());
  });
}

/**
 * HTTP and WebSocket on one port: /graphql, /healthz (live), /readyz (database and scheduler up) and /metrics
 * (with an API token); for browsers, the GraphQL IDE at GET /graphql and the run console at / (each can be turned off).
 */
export async function startHttpServer(
  ferry: Ferry,
  schema: GraphQLSchema,
  readiness: ReadinessCheck,
  metrics: MetricsSource,
): Promise<RunningServer> {
  const graphql = await createGraphQLHttpHandler(ferry, schema);
  const sendMetrics = metricsRoute(ferry, metrics);
  const { FERRY_GRAPHIQL: ide, FERRY_CONSOLE: runConsole } = ferry.config;
  const graphiql = ide ? graphiqlPage() : null;
  const uiAssets = ide || runConsole ? new StaticAssets(new Map(ownAssets({ ide, runConsole }))) : null;
  const server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    const route = async () => {
      if (applyCors(request, response, ferry.config.FERRY_CORS_ORIGINS)) return;
      if (path === '/healthz') return sendJson(response, 200, { status: 'ok' });
      if (path === '/readyz') {
        const checks = { database: await readiness.database(), scheduler: readiness.scheduler() };
        const ready = checks.database && checks.scheduler;
        return sendJson(response, ready ? 200 : 503, { status: ready ? 'ready' : 'not ready', checks });
      }
      if (path === '/metrics') return sendMetrics(request, response);
      const reading = request.method === 'GET' || request.method === 'HEAD';
      if (path === '/graphql' && graphiql && reading && wantsHtml(request.headers.accept)) return graphiql.page(response);
      if (path === '/graphql') return graphql.handle(request, response);
      if (reading && graphiql?.assets.has(path)) return graphiql.assets.serve(path, request, response);
      if (reading && uiAssets?.has(path)) return uiAssets.serve(path, request, response);
      if (path === '/' && runConsole && reading) return sendConsolePage(response, ide);
      return sendJson(response, 404, { error: `Nothing at ${path}: the API is at /graphql` });
    };
    route().catch((error: Error) => {
      // A client that went away mid-request (reading its body, or before its answer) is not Ferry's error.
      if (request.destroyed || response.destroyed || (error as NodeJS.ErrnoException).code === 'ECONNRESET') {
        ferry.logger.debug('client went away mid-request', { path, error: error.message });
        response.destroy();
        return;
      }
      ferry.logger.error('request failed', { path, error: error.stack ?? error.message });
      if (!response.headersSent)
        sendJson(response, 500, { errors: [{ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] });
      else response.destroy();
    });
  });
  try {
    await listen(server, ferry.config.FERRY_PORT, ferry.config.FERRY_HOST);
  } catch (error) {
    await graphql.stop();
    throw error;
  }
  const websocket = attachGraphQLWebSocket(ferry, schema, server);
  const { address, port } = server.address() as AddressInfo;
  const host = address.includes(':') ? `[${address}]` : address;
  return {
    server,
    url: `http://${host}:${port}/graphql`,
    stop: async () => {
      await websocket.stop();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await graphql.stop();
    },
  };
}

import type { GraphQLSchema } from 'graphql';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Ferry } from '../ferry';
import { createGraphQLHttpHandler } from './graphql-http';
import { attachGraphQLWebSocket } from './graphql-websocket';
import { sendGraphQLError, sendJson } from './json-response';

export interface ReadinessCheck {
  database(): Promise<boolean>;
  scheduler(): boolean;
}

export interface RunningServer {
  server: Server;
  url: string;
  stop(): Promise<void>;
}

/** HTTP and WebSocket on one port: /graphql, /healthz (live) and /readyz (database and scheduler up). */
export async function startHttpServer(ferry: Ferry, schema: GraphQLSchema, readiness: ReadinessCheck): Promise<RunningServer> {
  const graphql = await createGraphQLHttpHandler(ferry, schema);
  const server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    const route = async () => {
      if (path === '/healthz') return sendJson(response, 200, { status: 'ok' });
      if (path === '/readyz') {
        const checks = { database: await readiness.database(), scheduler: readiness.scheduler() };
        const ready = checks.database && checks.scheduler;
        return sendJson(response, ready ? 200 : 503, { status: ready ? 'ready' : 'not ready', checks });
      }
      if (path === '/graphql') return graphql.handle(request, response);
      return sendJson(response, 404, { error: `Nothing at ${path}: the API is at /graphql` });
    };
    route().catch((error: Error) => {
      ferry.logger.error('request failed', { path, error: error.message });
      if (!response.headersSent) sendGraphQLError(response, 500, 'INTERNAL_SERVER_ERROR', 'Internal server error');
      else response.destroy();
    });
  });
  const websocket = attachGraphQLWebSocket(ferry, schema, server);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(ferry.config.FERRY_PORT, ferry.config.FERRY_HOST, () => resolve());
  });
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

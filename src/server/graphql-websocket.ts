import { specifiedRules, validate, type GraphQLSchema } from 'graphql';
import { CloseCode } from 'graphql-ws';
import { useServer } from 'graphql-ws/use/ws';
import type { Server } from 'node:http';
import { WebSocketServer } from 'ws';
import type { Ferry } from '../ferry';
import { bearerToken, isValidToken } from '../schema/auth';
import type { GraphQLContext } from '../schema/context';
import { depthLimit } from '../schema/depth-limit';

/** graphql-ws on the same port and path as HTTP; the token comes in connectionParams.authorization. */
export function attachGraphQLWebSocket(ferry: Ferry, schema: GraphQLSchema, httpServer: Server): { stop(): Promise<void> } {
  const wsServer = new WebSocketServer({ server: httpServer, path: '/graphql', maxPayload: ferry.config.FERRY_MAX_BODY_BYTES });
  const rules = [...specifiedRules, depthLimit(ferry.config.FERRY_MAX_QUERY_DEPTH)];
  const disposable = useServer<Record<string, unknown> | undefined, Record<string, unknown>>(
    {
      schema,
      context: (): GraphQLContext => ({ ferry }),
      validate: (s, document) => validate(s, document, rules),
      onConnect: async (ctx) => {
        const authorization = ctx.connectionParams?.authorization;
        const token = bearerToken(typeof authorization === 'string' ? authorization : null) ?? (typeof authorization === 'string' ? authorization : null);
        if (await isValidToken(ferry.db, token, ferry.config.FERRY_API_TOKEN)) return true;
        ctx.extra.socket.close(CloseCode.Unauthorized, 'Unauthorized: pass connectionParams.authorization = "Bearer <token>"');
        return false;
      },
    },
    wsServer,
  );
  return {
    stop: async () => {
      await disposable.dispose();
      await new Promise<void>((resolve) => wsServer.close(() => resolve()));
    },
  };
}

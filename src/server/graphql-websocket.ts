import { specifiedRules, validate, type GraphQLSchema } from 'graphql';
import { CloseCode } from 'graphql-ws';
import { useServer } from 'graphql-ws/use/ws';
import type { Server } from 'node:http';
import { WebSocketServer } from 'ws';
import type { Ferry } from '../ferry';
import { bearerToken, isValidToken } from '../schema/auth';
import { createContext, type GraphQLContext } from '../schema/context';
import { depthLimit } from '../schema/depth-limit';
import { formatGraphQLError } from './format-error';

/** graphql-ws on the same port and path as HTTP; the token comes in connectionParams.authorization. */
export function attachGraphQLWebSocket(ferry: Ferry, schema: GraphQLSchema, httpServer: Server): { stop(): Promise<void> } {
  const wsServer = new WebSocketServer({ server: httpServer, path: '/graphql', maxPayload: ferry.config.FERRY_MAX_BODY_BYTES });
  const rules = [...specifiedRules, depthLimit(ferry.config.FERRY_MAX_QUERY_DEPTH)];
  const disposable = useServer<Record<string, unknown> | undefined, Record<string, unknown>>(
    {
      schema,
      context: (): GraphQLContext => createContext(ferry),
      validate: (s, document) => validate(s, document, rules),
      onNext: (_ctx, _id, _payload, _args, result) => {
        if (!result.errors?.length) return;
        return { ...result, errors: result.errors.map((error) => formatGraphQLError(error.toJSON(), error, ferry.logger)) };
      },
      onError: (_ctx, _id, _payload, errors) => errors.map((error) => formatGraphQLError(error.toJSON(), error, ferry.logger)),
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

import { specifiedRules, validate, type GraphQLSchema } from 'graphql';
import { CloseCode } from 'graphql-ws';
import { useServer } from 'graphql-ws/use/ws';
import type { Server } from 'node:http';
import { WebSocketServer } from 'ws';
import type { Ferry } from '../ferry';
import { authenticate, credentialToken } from '../schema/auth';
import { createContext, type GraphQLContext } from '../schema/context';
import { depthLimit } from '../schema/depth-limit';
import { formatGraphQLError } from './format-error';
import { SocketTokens } from './socket-tokens';

/** graphql-ws on the same port and path as HTTP; the token comes in connectionParams.authorization. */
export function attachGraphQLWebSocket(ferry: Ferry, schema: GraphQLSchema, httpServer: Server): { stop(): Promise<void> } {
  const wsServer = new WebSocketServer({ server: httpServer, path: '/graphql', maxPayload: ferry.config.FERRY_MAX_BODY_BYTES });
  const socketTokens = new SocketTokens(ferry.db, ferry.logger);
  const stopHearing = ferry.tokenEvents.onRevoked((tokenId) => socketTokens.revoked(tokenId));
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
        const identity = await authenticate(ferry.tokens, credentialToken(ctx.connectionParams?.authorization), ferry.config.FERRY_API_TOKEN);
        if (identity) {
          socketTokens.add(ctx.extra.socket, identity);
          return true;
        }
        ctx.extra.socket.close(CloseCode.Unauthorized, 'Unauthorized: pass connectionParams.authorization = "Bearer <token>"');
        return false;
      },
    },
    wsServer,
  );
  return {
    stop: async () => {
      stopHearing();
      socketTokens.closeAll();
      await disposable.dispose();
      await new Promise<void>((resolve) => wsServer.close(() => resolve()));
    },
  };
}

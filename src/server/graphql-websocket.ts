import { specifiedRules, validate, type GraphQLSchema } from 'graphql';
import { CloseCode } from 'graphql-ws';
import { useServer } from 'graphql-ws/use/ws';
import type { Server } from 'node:http';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Ferry } from '../ferry';
import { authenticate, credentialToken } from '../schema/auth';
import { createContext, type GraphQLContext } from '../schema/context';
import { depthLimit } from '../schema/depth-limit';
import { TooManySubscriptionsError } from '../errors';
import { formatGraphQLError } from './format-error';
import { nulByteRefusal } from './nul-bytes';
import { costlyDocument } from './operation-limits';
import { SocketTokens } from './socket-tokens';

const closedSignals = new WeakMap<WebSocket, AbortSignal>();

/** Aborted when the socket closes: the plugin calls its operations started stop. */
function socketClosed(socket: WebSocket): AbortSignal {
  let signal = closedSignals.get(socket);
  if (!signal) {
    const controller = new AbortController();
    socket.once('close', () => controller.abort(new Error('the client closed the WebSocket')));
    signal = controller.signal;
    closedSignals.set(socket, signal);
  }
  return signal;
}

/** graphql-ws on the same port and path as HTTP; the token comes in connectionParams.authorization. */
export function attachGraphQLWebSocket(ferry: Ferry, schema: GraphQLSchema, httpServer: Server): { stop(): Promise<void> } {
  const wsServer = new WebSocketServer({ server: httpServer, path: '/graphql', maxPayload: ferry.config.FERRY_MAX_BODY_BYTES });
  const socketTokens = new SocketTokens(ferry.db, ferry.logger);
  const stopHearing = ferry.tokenEvents.onRevoked((tokenId) => socketTokens.revoked(tokenId));
  const rules = [...specifiedRules, depthLimit(ferry.config.FERRY_MAX_QUERY_DEPTH)];
  const disposable = useServer<Record<string, unknown> | undefined, Record<string, unknown>>(
    {
      schema,
      context: (ctx): GraphQLContext => createContext(ferry, socketClosed(ctx.extra.socket)),
      // The cheap cost checks first, alone: graphql's own rules are not run on an operation they refuse.
      validate: (s, document) => {
        const refused = costlyDocument(s, document, ferry.config);
        return refused.length ? refused : validate(s, document, rules);
      },
      onSubscribe: (ctx, _id, payload) => {
        const nul = nulByteRefusal(payload.variables);
        if (nul) return [nul];
        // graphql-ws has already counted this one in.
        const running = Object.keys(ctx.subscriptions).length - 1;
        if (running >= ferry.config.FERRY_MAX_SUBSCRIPTIONS_PER_SOCKET) {
          return [
            new TooManySubscriptionsError(
              `This WebSocket already has ${running} operations running, the most allowed (FERRY_MAX_SUBSCRIPTIONS_PER_SOCKET): complete one first, or open another connection`,
            ),
          ];
        }
        return undefined;
      },
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

import { ApolloServer, HeaderMap } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import type { GraphQLSchema } from 'graphql';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { BadRequestError, PayloadTooLargeError, UnauthenticatedError, type QueryTooComplexError } from '../errors';
import type { Ferry } from '../ferry';
import { authenticate, credentialToken } from '../schema/auth';
import { createContext, type GraphQLContext } from '../schema/context';
import { depthLimit } from '../schema/depth-limit';
import { ConcurrencyGate } from './concurrency-gate';
import { formatGraphQLError } from './format-error';
import { costlyOperation } from './operation-limits';
import { sendGraphQLError } from './json-response';
import { operationKind } from './operation-kind';
import { readBody } from './read-body';

export type RequestHandler = (request: IncomingMessage, response: ServerResponse) => Promise<void>;

/**
 * Queries executing at once. Enough to keep the database pool busy and let concurrent reads share their queries;
 * the rest wait in line, so that each event-loop turn does little and a mutation (not queued: triggerSync, a
 * cancel) answers promptly however many clients are reading.
 */
const CONCURRENT_QUERIES = 16;

/** Apollo Server behind our own node:http handler: bearer auth and a body limit come first. */
export async function createGraphQLHttpHandler(ferry: Ferry, schema: GraphQLSchema): Promise<{ handle: RequestHandler; stop(): Promise<void> }> {
  const apollo = new ApolloServer<GraphQLContext>({
    schema,
    validationRules: [depthLimit(ferry.config.FERRY_MAX_QUERY_DEPTH)],
    includeStacktraceInErrorResponses: false,
    // main.ts owns the signals and stops Apollo in order with everything else.
    stopOnTerminationSignals: false,
    formatError: (formatted, error) => formatGraphQLError(formatted, error, ferry.logger),
    introspection: true,
    // Ferry sets no cache hints; Apollo's cache-control plugin would still wrap every field resolver to look for them.
    // Browsers get Ferry's own offline IDE (or, with it off, the JSON API's answer), never Apollo's CDN-hosted page.
    plugins: [ApolloServerPluginCacheControlDisabled(), ApolloServerPluginLandingPageDisabled()],
  });
  await apollo.start();
  const queries = new ConcurrencyGate(CONCURRENT_QUERIES);

  const handle: RequestHandler = async (request, response) => {
    if (!(await authenticate(ferry.tokens, credentialToken(request.headers.authorization), ferry.config.FERRY_API_TOKEN))) {
      return sendGraphQLError(response, 401, new UnauthenticatedError());
    }
    let raw: string;
    try {
      raw = request.method === 'POST' ? await readBody(request, ferry.config.FERRY_MAX_BODY_BYTES) : '';
    } catch (error) {
      if (error instanceof PayloadTooLargeError) return sendGraphQLError(response, 413, error);
      throw error;
    }
    let body: unknown;
    try {
      body = raw ? JSON.parse(raw) : undefined;
    } catch {
      return sendGraphQLError(response, 400, new BadRequestError('Request body is not valid JSON: send {"query": "...", "variables": {...}}'));
    }
    const url = new URL(request.url ?? '/', 'http://localhost');
    const query = request.method === 'POST' ? (body as { query?: unknown } | undefined)?.query : url.searchParams.get('query');
    if (typeof query === 'string') {
      const variables = request.method === 'POST' ? (body as { variables?: unknown }).variables : url.searchParams.get('variables');
      const refusal = costlyOperation(schema, query, ferry.config, variables);
      if (refusal) return sendGraphQLError(response, 400, refusal as QueryTooComplexError);
    }
    // A client that goes away before its answer stops the plugin calls it started.
    const clientGone = new AbortController();
    response.once('close', () => {
      if (!response.writableFinished) clientGone.abort(new Error('the client closed the connection'));
    });
    const headers = new HeaderMap();
    for (const [name, value] of Object.entries(request.headers)) {
      if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
    }
    const execute = () =>
      apollo.executeHTTPGraphQLRequest({
        httpGraphQLRequest: { method: request.method ?? 'GET', headers, search: url.search, body },
        context: async () => createContext(ferry, clientGone.signal),
      });
    const fields = (body ?? Object.fromEntries(url.searchParams)) as { query?: unknown; operationName?: unknown };
    const result = operationKind(fields.query, fields.operationName) === 'mutation' ? await execute() : await queries.run(execute);
    for (const [name, value] of result.headers) response.setHeader(name, value);
    response.statusCode = result.status ?? 200;
    if (result.body.kind === 'complete') {
      response.end(result.body.string);
      return;
    }
    for await (const chunk of result.body.asyncIterator) response.write(chunk);
    response.end();
  };

  return { handle, stop: () => apollo.stop() };
}

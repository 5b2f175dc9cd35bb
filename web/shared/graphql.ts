/** GraphQL over HTTP with the bearer token, as any client of Ferry's public API. */

export class UnauthenticatedError extends Error {}

export interface GraphQLErrorShape {
  message: string;
  extensions?: { code?: string };
}

export class GraphQLRequestError extends Error {
  constructor(readonly errors: GraphQLErrorShape[]) {
    super(errors.map((error) => error.message).join('; '));
  }
}

export const graphqlUrl = `${location.origin}/graphql`;
export const graphqlWebSocketUrl = graphqlUrl.replace(/^http/, 'ws');

export async function graphql<T>(token: string, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const response = await fetch(graphqlUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json().catch(() => ({}))) as { data?: T; errors?: GraphQLErrorShape[] };
  if (response.status === 401 || body.errors?.some((error) => error.extensions?.code === 'UNAUTHENTICATED')) {
    throw new UnauthenticatedError('The token was refused');
  }
  if (body.errors?.length) throw new GraphQLRequestError(body.errors);
  if (!response.ok || !body.data) throw new Error(`Ferry answered HTTP ${response.status}`);
  return body.data;
}

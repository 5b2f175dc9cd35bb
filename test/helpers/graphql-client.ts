import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';

export interface GraphQLResponse<T = Record<string, any>> {
  status: number;
  data?: T | null;
  errors?: Array<{ message: string; path?: string[]; extensions?: Record<string, any> }>;
}

/** GraphQL over real HTTP (fetch) and WebSocket (graphql-ws), as any client of Ferry would talk to it. */
export class GraphQLTestClient {
  constructor(
    readonly url: string,
    private readonly token: string | null,
  ) {}

  withToken(token: string | null): GraphQLTestClient {
    return new GraphQLTestClient(this.url, token);
  }

  async request<T = Record<string, any>>(query: string, variables: Record<string, unknown> = {}): Promise<GraphQLResponse<T>> {
    const response = await fetch(this.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(this.token ? { authorization: `Bearer ${this.token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    return { status: response.status, ...((await response.json()) as object) };
  }

  /** The data of a request that must succeed; throws with the errors otherwise. */
  async data<T = Record<string, any>>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
    const result = await this.request<T>(query, variables);
    if (result.errors?.length || !result.data) throw new Error(`GraphQL errors: ${JSON.stringify(result.errors)}`);
    return result.data;
  }

  /** The first error of a request that must fail. */
  async error(query: string, variables: Record<string, unknown> = {}): Promise<{ message: string; code: string; extensions: Record<string, any> }> {
    const result = await this.request(query, variables);
    const error = result.errors?.[0];
    if (!error) throw new Error(`expected an error, got ${JSON.stringify(result.data)}`);
    return { message: error.message, code: error.extensions?.code, extensions: error.extensions ?? {} };
  }

  webSocket(connectionParams: Record<string, unknown> = this.token ? { authorization: `Bearer ${this.token}` } : {}): Client {
    return createClient({
      url: this.url.replace(/^http/, 'ws'),
      webSocketImpl: WebSocket,
      connectionParams,
      retryAttempts: 0,
      lazy: true,
    });
  }
}

/** Collects a subscription's events until it completes, errors, or `until` says stop. */
export function collectSubscription<T>(
  client: Client,
  query: string,
  variables: Record<string, unknown>,
  until: (events: T[]) => boolean = () => false,
): { events: T[]; done: Promise<T[]>; stop(): void } {
  const events: T[] = [];
  let stop = () => undefined as void;
  const done = new Promise<T[]>((resolve, reject) => {
    stop = client.subscribe<T>(
      { query, variables },
      {
        next: (value) => {
          if (value.errors) return reject(new Error(JSON.stringify(value.errors)));
          events.push(value.data as T);
          if (until(events)) {
            stop();
            resolve(events);
          }
        },
        error: (error) => reject(error instanceof Error ? error : new Error(JSON.stringify(error))),
        complete: () => resolve(events),
      },
    );
  });
  return { events, done, stop: () => stop() };
}

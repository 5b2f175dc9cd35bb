import { graphql, graphqlWebSocketUrl, UnauthenticatedError } from '../shared/graphql.js';

/** graphql-ws's browser client, loaded by the page from Ferry (the UMD build of the npm package). */
declare const graphqlWs: {
  createClient(options: Record<string, unknown>): {
    subscribe(
      payload: { query: string; variables?: Record<string, unknown> },
      sink: { next(value: { data?: unknown; errors?: unknown[] }): void; error(error: unknown): void; complete(): void },
    ): () => void;
    dispose(): void;
  };
};

/** The public GraphQL API with the signed-in token; a refused token sends the user back to the login page. */
export class Api {
  private socket: ReturnType<typeof graphqlWs.createClient> | null = null;

  constructor(
    private readonly token: string,
    private readonly onUnauthenticated: () => void,
  ) {}

  async query<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
    try {
      return await graphql<T>(this.token, query, variables);
    } catch (error) {
      if (error instanceof UnauthenticatedError) this.onUnauthenticated();
      throw error;
    }
  }

  /** Calls `next` with each event; returns the function that stops listening. */
  subscribe<T>(query: string, variables: Record<string, unknown>, next: (data: T) => void, failed: (message: string) => void): () => void {
    this.socket ??= graphqlWs.createClient({
      url: graphqlWebSocketUrl,
      connectionParams: { authorization: `Bearer ${this.token}` },
      lazy: true,
      retryAttempts: 5,
      // Ferry closes with 4401 when the token is refused: no point retrying.
      shouldRetry: (event: { code?: number }) => event?.code !== 4401,
    });
    return this.socket.subscribe(
      { query, variables },
      {
        next: (value) => {
          if (value.errors?.length) failed(JSON.stringify(value.errors));
          else next(value.data as T);
        },
        error: (error) => {
          if ((error as { code?: number })?.code === 4401) this.onUnauthenticated();
          else failed(error instanceof Error ? error.message : 'the live connection to Ferry was lost');
        },
        complete: () => undefined,
      },
    );
  }

  close(): void {
    this.socket?.dispose();
    this.socket = null;
  }
}

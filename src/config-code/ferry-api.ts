/** One error of a GraphQL answer, as Ferry sends it. */
export interface ApiErrorBody {
  message: string;
  extensions?: { code?: string; field?: string; problems?: Array<{ path: string; message: string }> };
}

/** Ferry refused an operation: its errors as sent, for a caller that can say where in a file the fault lies. */
export class FerryApiError extends Error {
  constructor(readonly errors: ApiErrorBody[]) {
    super(errors.map((e) => `${e.extensions?.code ?? 'ERROR'}: ${e.message}`).join('\n'));
    this.name = 'FerryApiError';
  }
}

/** Ferry's GraphQL API over HTTP, with a token: what `apply` and `export` go through, so they can do nothing the API would refuse. */
export class FerryApi {
  constructor(
    readonly url: string,
    private readonly token: string,
  ) {}

  static fromEnvironment(env: NodeJS.ProcessEnv): FerryApi {
    if (!env.FERRY_TOKEN) throw new Error('FERRY_TOKEN is not set: export FERRY_TOKEN=$(npm run --silent ferry -- token create --name me)');
    return new FerryApi(env.FERRY_URL ?? 'http://127.0.0.1:4000/graphql', env.FERRY_TOKEN);
  }

  async request<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
    let response: Response;
    try {
      response = await fetch(this.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${this.token}` },
        body: JSON.stringify({ query, variables }),
      });
    } catch (error) {
      const reason = (error as Error & { cause?: Error }).cause?.message ?? (error as Error).message;
      throw new Error(`Ferry is not answering at ${this.url} (${reason}): start it with \`npm start\`, or set FERRY_URL`);
    }
    const text = await response.text();
    let body: { data?: T; errors?: ApiErrorBody[]; error?: unknown };
    try {
      body = JSON.parse(text);
    } catch {
      throw this.notGraphql(response.status);
    }
    if (body?.errors?.length) throw new FerryApiError(body.errors);
    if (body?.data === undefined) throw this.notGraphql(response.status, typeof body?.error === 'string' ? body.error : undefined);
    return body.data as T;
  }

  /** The URL answered, but not as Ferry's GraphQL endpoint does (e.g. FERRY_URL without its /graphql). */
  private notGraphql(status: number, said?: string): Error {
    return new Error(
      `${this.url} answered ${status}${said ? ` (${said})` : ''} with something that is not a GraphQL answer: ` +
        'set FERRY_URL to the API itself, ending in /graphql (e.g. http://127.0.0.1:4000/graphql)',
    );
  }
}

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
    let body: { data?: T; errors?: ApiErrorBody[] };
    try {
      body = JSON.parse(text);
    } catch {
      throw new Error(`${this.url} answered ${response.status} with something that is not GraphQL: is FERRY_URL right?`);
    }
    if (body.errors?.length) throw new FerryApiError(body.errors);
    return body.data as T;
  }
}

import { readFileSync } from 'node:fs';

/** A value given as --var name=value: JSON when it parses as JSON, else the text itself. */
function variableValue(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function pick(data: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((value, key) => (value as Record<string, unknown> | null | undefined)?.[key], data);
}

/**
 * `gql [--var name=value …] [--get path]`: sends the GraphQL operation read from stdin to Ferry and prints the
 * JSON answer, or with --get only the value at that path (e.g. createSource.id), so shells can keep it.
 */
export async function graphqlRequest(vars: string[], get: string | undefined, url: string, token: string | undefined): Promise<void> {
  if (!token) throw new Error('FERRY_TOKEN is not set: export FERRY_TOKEN=$(npm run --silent ferry -- token create --name me)');
  const query = readFileSync(0, 'utf8');
  if (!query.trim()) throw new Error('Give the GraphQL operation on stdin, e.g. echo "{ syncs { id name } }" | npm run --silent ferry -- gql');
  const variables: Record<string, unknown> = {};
  for (const entry of vars) {
    const at = entry.indexOf('=');
    if (at < 1) throw new Error(`--var ${entry}: write it as name=value`);
    variables[entry.slice(0, at)] = variableValue(entry.slice(at + 1));
  }
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables }),
    });
  } catch (error) {
    throw new Error(
      `Ferry is not answering at ${url} (${(error as Error & { cause?: Error }).cause?.message ?? (error as Error).message}): start it with \`npm start\`, or set FERRY_URL`,
    );
  }
  const text = await response.text();
  let body: { data?: unknown; errors?: Array<{ message: string; extensions?: { code?: string } }> };
  try {
    body = JSON.parse(text);
  } catch {
    throw new Error(`${url} answered ${response.status} with something that is not GraphQL: is FERRY_URL right?`);
  }
  if (body.errors?.length) {
    throw new Error(body.errors.map((e) => `${e.extensions?.code ?? 'ERROR'}: ${e.message}`).join('\n'));
  }
  const value = get ? pick(body.data, get) : body.data;
  if (value === undefined) throw new Error(`--get ${get}: the answer has no such path; it was ${JSON.stringify(body.data)}`);
  process.stdout.write(`${typeof value === 'string' ? value : JSON.stringify(value, null, 2)}\n`);
}

import { readFileSync } from 'node:fs';
import { FerryApi } from '../config-code/ferry-api';

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
  const data = await new FerryApi(url, token).request<unknown>(query, variables);
  const value = get ? pick(data, get) : data;
  if (value === undefined) throw new Error(`--get ${get}: the answer has no such path; it was ${JSON.stringify(data)}`);
  process.stdout.write(`${typeof value === 'string' ? value : JSON.stringify(value, null, 2)}\n`);
}

import type { EsError } from './types';

function error(status: number, type: string, reason: string, extra: Record<string, unknown> = {}, rootExtra: Record<string, unknown> = {}): EsError {
  return { status, body: { error: { root_cause: [{ type, reason, ...rootExtra }], type, reason, ...extra }, status } };
}

const authenticate = { 'WWW-Authenticate': 'Basic realm="security" charset="UTF-8", ApiKey' };

/** Error bodies as Elasticsearch 8 writes them. */
export const esErrors = {
  missingCredentials: (path: string): EsError => ({
    ...error(401, 'security_exception', `missing authentication credentials for REST request [${path}]`, {
      header: { 'WWW-Authenticate': [authenticate['WWW-Authenticate']] },
    }),
    headers: authenticate,
  }),
  badApiKey: (): EsError => ({
    ...error(401, 'security_exception', 'unable to authenticate with provided credentials and anonymous access is not allowed for this request', {
      additional_unsuccessful_credentials: 'API key: invalid credentials',
    }),
    headers: authenticate,
  }),
  badPassword: (user: string): EsError => ({
    ...error(401, 'security_exception', `unable to authenticate user [${user}] for REST request [/_sql]`),
    headers: authenticate,
  }),
  /** ES SQL: a name that resolves to no index. */
  unknownIndex: (line: number, column: number, name: string): EsError =>
    error(400, 'verification_exception', `Found 1 problem\nline ${line}:${column}: Unknown index [${name}]`),
  unknownColumn: (line: number, column: number, name: string): EsError =>
    error(400, 'verification_exception', `Found 1 problem\nline ${line}:${column}: Unknown column [${name}]`),
  parsing: (line: number, column: number, near: string, expected: string): EsError =>
    error(400, 'parsing_exception', `line ${line}:${column + 1}: mismatched input '${near}' expecting ${expected}`),
  /** ES SQL on a field holding an array, without field_multi_value_leniency. */
  arrays: (field: string): EsError => error(400, 'ql_illegal_argument_exception', `Arrays (returned by [${field}]) are not supported`),
  /** A cursor whose search context (point in time) expired or was closed. */
  cursorGone: (id: string): EsError => {
    const missing = { type: 'search_context_missing_exception', reason: `No search context found for id [${id}]` };
    return {
      status: 404,
      body: {
        error: {
          root_cause: [missing],
          type: 'search_phase_execution_exception',
          reason: 'all shards failed',
          phase: 'query',
          grouped: true,
          failed_shards: [{ shard: -1, index: null, reason: missing }],
        },
        status: 404,
      },
    };
  },
  badRequest: (reason: string): EsError => error(400, 'illegal_argument_exception', reason),
  unknownField: (field: string): EsError => error(400, 'x_content_parse_exception', `[1:2] [sql/query] unknown field [${field}]`),
  indexNotFound: (name: string): EsError =>
    error(404, 'index_not_found_exception', `no such index [${name}]`, { 'resource.type': 'index_or_alias', 'resource.id': name, index: name }),
  indexClosed: (name: string): EsError => error(400, 'index_closed_exception', 'closed', { index_uuid: 'fakeuuid', index: name }),
  noHandler: (method: string, path: string): EsError =>
    error(405, 'illegal_argument_exception', `Incorrect HTTP method for uri [${path}] and method [${method}]`),
};

import type { StatementError } from './types';

/** An HTTP error reply of the REST API: `{ error_code, message }`. */
export interface ApiError {
  status: number;
  body: { error_code: string | number; message: string };
}

export const apiErrors = {
  /** Documented by users' traces (databricks-sdk-go#873): a wrong or expired token, numeric error_code. */
  invalidToken: (): ApiError => ({ status: 403, body: { error_code: 403, message: 'Invalid access token.' } }),
  /** Guess: no Authorization header at all. */
  noCredentials: (): ApiError => ({
    status: 401,
    body: { error_code: 401, message: 'Credential was not sent or was of an unsupported type for this API.' },
  }),
  invalidParameter: (message: string): ApiError => ({ status: 400, body: { error_code: 'INVALID_PARAMETER_VALUE', message } }),
  /** Guess on the exact wording. */
  warehouseNotFound: (id: string): ApiError => ({
    status: 404,
    body: { error_code: 'RESOURCE_DOES_NOT_EXIST', message: `Warehouse ${id} does not exist.` },
  }),
  statementNotFound: (id: string): ApiError => ({ status: 404, body: { error_code: 'NOT_FOUND', message: `The statement ${id} was not found.` } }),
  notFound: (path: string): ApiError => ({ status: 404, body: { error_code: 'ENDPOINT_NOT_FOUND', message: `No API found for '${path}'` } }),
  malformed: (message: string): ApiError => ({ status: 400, body: { error_code: 'MALFORMED_REQUEST', message } }),
};

/** Statement failures, reported as `status: { state: 'FAILED', error }` with HTTP 200. Texts follow Databricks' error classes. */
export const statementErrors = {
  parse: (near: string, line: number, pos: number): StatementError => ({
    error_code: 'BAD_REQUEST',
    message: `[PARSE_SYNTAX_ERROR] Syntax error at or near '${near}'. SQLSTATE: 42601 (line ${line}, pos ${pos})`,
    sql_state: '42601',
  }),
  tableNotFound: (name: string): StatementError => ({
    error_code: 'BAD_REQUEST',
    message: `[TABLE_OR_VIEW_NOT_FOUND] The table or view \`${name}\` cannot be found. Verify the spelling and correctness of the schema and catalog.\nIf you did not qualify the name with a schema, verify the current_schema() output, or qualify the name with the correct schema and catalog. SQLSTATE: 42P01`,
    sql_state: '42P01',
  }),
  columnNotFound: (name: string, candidates: string[]): StatementError => ({
    error_code: 'BAD_REQUEST',
    message: `[UNRESOLVED_COLUMN.WITH_SUGGESTION] A column, variable, or function parameter with name \`${name}\` cannot be resolved. Did you mean one of the following? [${candidates.map((c) => `\`${c}\``).join(', ')}]. SQLSTATE: 42703`,
    sql_state: '42703',
  }),
  unboundParameter: (name: string): StatementError => ({
    error_code: 'BAD_REQUEST',
    message: `[UNBOUND_SQL_PARAMETER] Found the unbound parameter: ${name}. Please, fix \`args\` and provide a mapping of the parameter to either a SQL literal or collection constructor functions such as \`map()\`, \`array()\`, \`struct()\`. SQLSTATE: 42P02`,
    sql_state: '42P02',
  }),
  unknownFunction: (name: string): StatementError => ({
    error_code: 'BAD_REQUEST',
    message: `[UNRESOLVED_ROUTINE] Cannot resolve routine \`${name}\` on search path [\`system\`.\`builtin\`, \`system\`.\`session\`]. SQLSTATE: 42883`,
    sql_state: '42883',
  }),
  raised: (message: string): StatementError => ({
    error_code: 'BAD_REQUEST',
    message: `[USER_RAISED_EXCEPTION] ${message} SQLSTATE: P0001`,
    sql_state: 'P0001',
  }),
  canceled: (): StatementError => ({ error_code: 'CANCELLED', message: 'The statement was canceled.' }),
};

import { ConnectionError, PluginConfigError } from '../../contract';
import type { StatementResponse } from './wire-types';

/** Fixes for Databricks' error classes (the `[CLASS]` at the start of a failed statement's message). */
const fixes: Array<[RegExp, string]> = [
  [/TABLE_OR_VIEW_NOT_FOUND/, 'check the table name, and the catalog and schema settings it resolves in (or qualify it as catalog.schema.table)'],
  [/PARSE_SYNTAX_ERROR/, 'fix the SQL at the position shown'],
  [/UNRESOLVED_COLUMN/, 'use one of the columns the message suggests'],
  [/INSUFFICIENT_PERMISSIONS|PERMISSION_DENIED/, 'grant the token’s user USE CATALOG, USE SCHEMA and SELECT on the table (see Ferry’s README)'],
  [/NO_SUCH_CATALOG|SCHEMA_NOT_FOUND/, 'check the catalog and schema settings'],
];

/** A FAILED statement as a PluginConfigError carrying Databricks' own message and the fix. */
export function statementError(response: StatementResponse): Error {
  const message = response.status.error?.message ?? 'the statement failed without a message';
  const code = response.status.error?.error_code;
  const extensions = { errorCode: code, sqlState: response.status.sql_state };
  if (code && ['TEMPORARILY_UNAVAILABLE', 'SERVICE_UNDER_MAINTENANCE', 'WORKSPACE_TEMPORARILY_UNAVAILABLE', 'UNAUTHENTICATED'].includes(code)) {
    return new ConnectionError(`Databricks could not run the statement (${code}): ${message}`, { reason: 'unavailable', ...extensions });
  }
  const fix = fixes.find(([pattern]) => pattern.test(message))?.[1];
  return new PluginConfigError(fix ? `${message.trim()}. Fix: ${fix}` : message.trim(), extensions);
}

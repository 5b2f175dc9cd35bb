import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import type { FerryError } from '../errors';
import type { Logger } from '../plugins/contract';
import { recognisedError } from '../plugins/plugin-errors';
import { repeatedErrorLog } from './repeated-errors';

/** Ferry's own error behind `error`, or a plugin's contract error recognised by its code (any copy of the SDK). */
function ferryErrorIn(error: unknown): FerryError | null {
  let current: unknown = error;
  for (let depth = 0; current && depth < 5; depth += 1) {
    const recognised = recognisedError(current);
    if (recognised) return recognised;
    current = (current as { originalError?: unknown }).originalError;
  }
  return null;
}

/**
 * Client-facing errors: Ferry's own (and plugins' contract errors, by code) keep their code (also when a GraphQL server wraps them, as Apollo does
 * with validation errors); GraphQL's own (syntax, validation) pass as they are; anything unexpected is logged
 * with an id and answered as "Internal server error", so driver messages never reach clients.
 */
export function formatGraphQLError(formatted: GraphQLFormattedError, error: unknown, logger: Logger): GraphQLFormattedError {
  const ferry = ferryErrorIn(error);
  if (ferry) logger.debug('request refused', { code: ferry.code, message: ferry.message, path: formatted.path });
  if (ferry) return { ...formatted, message: ferry.message, extensions: { ...formatted.extensions, ...ferry.extensions, code: ferry.code } };
  const original = (error as { originalError?: unknown })?.originalError;
  const expected =
    error instanceof GraphQLError && (!original || original instanceof GraphQLError) && formatted.extensions?.code !== 'INTERNAL_SERVER_ERROR';
  if (expected) return formatted;
  const cause = (original ?? error) as Error;
  const id = repeatedErrorLog(logger).error(`${cause?.name}: ${cause?.message}`, 'unexpected error while serving GraphQL', {
    error: cause?.stack ?? String(error),
  });
  return {
    message: `Internal server error (error id ${id}: details are in Ferry's log)`,
    path: formatted.path,
    locations: formatted.locations,
    extensions: { code: 'INTERNAL_SERVER_ERROR', errorId: id },
  };
}

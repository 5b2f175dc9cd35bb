import { ConnectionError, DestinationError, FerryError, PluginConfigError } from '../errors';

/** The codes of the errors the plugin contract gives plugins (ConnectionError, PluginConfigError, DestinationError). */
export type PluginErrorCode = 'CONNECTION_FAILED' | 'BAD_USER_INPUT' | 'DESTINATION_FAILED';

const pluginCodes = new Set<string>(['CONNECTION_FAILED', 'BAD_USER_INPUT', 'DESTINATION_FAILED']);

interface CodedError {
  code?: unknown;
  message?: unknown;
  extensions?: unknown;
  retryable?: unknown;
  retryAfterMs?: unknown;
}

/**
 * The contract code a thrown value carries, read from its `code` property and not by `instanceof`: a plugin built
 * against another copy of the SDK throws that copy's classes, which are not Ferry's.
 */
export function pluginErrorCode(error: unknown): PluginErrorCode | null {
  const code = (error as CodedError | null)?.code;
  return typeof code === 'string' && pluginCodes.has(code) ? (code as PluginErrorCode) : null;
}

function extensionsOf(error: CodedError): Record<string, unknown> {
  const extensions = error.extensions && typeof error.extensions === 'object' ? { ...(error.extensions as Record<string, unknown>) } : {};
  delete extensions.code;
  return extensions;
}

/**
 * Ferry's own error as it is, or a contract error from any copy of the SDK as Ferry's class of the same code, with
 * its message and extensions; null for anything else.
 */
export function recognisedError(error: unknown): FerryError | null {
  if (error instanceof FerryError) return error;
  const coded = (error ?? {}) as CodedError;
  const message = typeof coded.message === 'string' ? coded.message : String(error);
  switch (pluginErrorCode(error)) {
    case 'CONNECTION_FAILED':
      return new ConnectionError(message, extensionsOf(coded));
    case 'BAD_USER_INPUT':
      return new PluginConfigError(message, extensionsOf(coded));
    case 'DESTINATION_FAILED': {
      const retryAfterMs = typeof coded.retryAfterMs === 'number' ? coded.retryAfterMs : undefined;
      return new DestinationError(message, coded.retryable === true, extensionsOf(coded), { retryAfterMs });
    }
    default:
      return null;
  }
}

/**
 * Any error a plugin call threw, as one of Ferry's errors (see `recognisedError`); anything else, such as a plain
 * Error from a driver, through `unclassified`, which gets the error's own message to name what failed with it.
 */
export function classifyPluginError(error: unknown, unclassified: (message: string) => FerryError): FerryError {
  return recognisedError(error) ?? unclassified(error instanceof Error && error.message ? error.message : String(error));
}

/** True for Ferry's own errors and for a plugin's contract errors from any copy of the SDK: their message is meant for the user. */
export function isClassified(error: unknown): boolean {
  return recognisedError(error) !== null;
}

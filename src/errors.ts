import { GraphQLError, type ASTNode } from 'graphql';

/**
 * Every error Ferry raises on purpose: a stable `code` (also `extensions.code` when it reaches a GraphQL
 * client) and a message that says what was wrong and how to fix it.
 */
export abstract class FerryError extends GraphQLError {
  abstract readonly code: string;

  constructor(message: string, extensions: Record<string, unknown> = {}) {
    super(message, { extensions });
    Object.setPrototypeOf(this, new.target.prototype);
    this.name = new.target.name;
  }
}

function coded<T extends string>(code: T) {
  return class extends FerryError {
    readonly code: T = code;
    constructor(message: string, extensions: Record<string, unknown> = {}) {
      super(message, { ...extensions, code });
    }
  };
}

/** Input from a client is invalid; `field` names what to fix. */
export class BadUserInputError extends coded('BAD_USER_INPUT') {
  constructor(
    message: string,
    readonly field?: string,
    extensions: Record<string, unknown> = {},
  ) {
    super(message, field ? { field, ...extensions } : extensions);
  }
}

export class NotFoundError extends coded('NOT_FOUND') {
  constructor(
    readonly entity: string,
    readonly id: string,
  ) {
    super(`${entity} "${id}" not found: check the id (it may have been deleted)`, { entity, id });
  }
}

export class UnauthenticatedError extends coded('UNAUTHENTICATED') {
  constructor(
    message = 'Missing or invalid API token: send "Authorization: Bearer <token>" (create one with `npm run --silent ferry -- token create --name NAME`)',
  ) {
    super(message);
  }
}

/** The action conflicts with stored state, e.g. deleting a source that models still use. */
export class FailedPreconditionError extends coded('FAILED_PRECONDITION') {}

/** A source or destination could not be reached or refused the credentials. */
export class ConnectionError extends coded('CONNECTION_FAILED') {}

/** A plugin refused its config or the SQL it was given; the message is the database's or API's own. */
export class PluginConfigError extends coded('BAD_USER_INPUT') {}

/** A destination failed a whole batch (not one record). `retryable` says whether trying later may help. */
export class DestinationError extends coded('DESTINATION_FAILED') {
  /**
   * Set when the destination said when to try again and nothing of the batch was written (a retryable error only):
   * the engine pauses the run's writes that long and writes the batch again, a few times at most, instead of
   * rejecting its records.
   */
  readonly retryAfterMs?: number;

  constructor(
    message: string,
    readonly retryable = false,
    extensions: Record<string, unknown> = {},
    options: { retryAfterMs?: number } = {},
  ) {
    super(message, extensions);
    if (retryable && options.retryAfterMs !== undefined) this.retryAfterMs = options.retryAfterMs;
  }
}

/** Ferry's own configuration (environment, plugin packages) is invalid; start-up stops. */
export class StartupConfigError extends coded('CONFIG_INVALID') {}

/** An operation nested deeper than FERRY_MAX_QUERY_DEPTH. */
export class QueryTooDeepError extends coded('QUERY_TOO_DEEP') {
  constructor(
    readonly limit: number,
    node?: ASTNode,
  ) {
    super(`Query is nested more than ${limit} levels deep (FERRY_MAX_QUERY_DEPTH); split it into smaller queries`);
    if (node) Object.defineProperty(this, 'nodes', { value: [node] });
  }
}

/** A request body over FERRY_MAX_BODY_BYTES. */
export class PayloadTooLargeError extends coded('PAYLOAD_TOO_LARGE') {
  constructor(readonly limit: number) {
    super(`Request body is larger than ${limit} bytes (FERRY_MAX_BODY_BYTES); send smaller requests`);
  }
}

/** A request that is not a GraphQL request at all (e.g. a body that is not JSON). */
export class BadRequestError extends coded('BAD_REQUEST') {}

/** An operation over one of the cost limits (aliases, fields, cost, tokens): refused before it runs. */
export class QueryTooComplexError extends coded('QUERY_TOO_COMPLEX') {
  constructor(
    message: string,
    readonly limit: string,
    node?: ASTNode,
  ) {
    super(message, { limit });
    if (node) Object.defineProperty(this, 'nodes', { value: [node] });
  }
}

/** A WebSocket asked for more subscriptions at once than FERRY_MAX_SUBSCRIPTIONS_PER_SOCKET. */
export class TooManySubscriptionsError extends coded('TOO_MANY_SUBSCRIPTIONS') {}

/** A plugin call from the API ran out of time. */
export class OperationTimeoutError extends coded('TIMEOUT') {}

/** A request (or a source) already has as many plugin calls running as allowed. */
export class TooManyPluginCallsError extends coded('TOO_MANY_PLUGIN_CALLS') {}

/** changedSecrets (or urlChanged) was asked too often for one source, destination or rule (see SecretComparisonLimit). */
export class TooManySecretComparisonsError extends coded('TOO_MANY_REQUESTS') {}

/** The client closed the connection before its answer: what it started was stopped. Logged at debug level only. */
export class ClientClosedRequestError extends coded('CLIENT_CLOSED_REQUEST') {}

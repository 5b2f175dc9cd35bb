/**
 * Errors of one request to ActiveCampaign. They stay inside the plugin: write() turns them into per-record
 * rejections or a DestinationError, test() into a ConnectionError.
 */

/** ActiveCampaign (or something at its URL) answered with an error status, or with a body that is not its JSON. */
export class ActiveCampaignHttpError extends Error {
  readonly code = 'ACTIVECAMPAIGN_HTTP_ERROR';

  constructor(
    /** HTTP status of the reply. */
    readonly status: number,
    /** One readable sentence built from the body (see error-body.ts); never contains the API key. */
    message: string,
    /** Parsed JSON body, or null when the body was not JSON. */
    readonly body: unknown,
    /** True when the body was not JSON (an HTML error page, plain text, nothing). */
    readonly notJson: boolean,
  ) {
    super(message);
    this.name = 'ActiveCampaignHttpError';
  }

  /** Rate limit, server error or gateway page: trying again later may work. */
  get retryable(): boolean {
    return this.status === 408 || this.status === 429 || this.status >= 500;
  }

  /** The key was refused or lacks a permission: nothing in this run can succeed. */
  get forbidden(): boolean {
    return this.status === 401 || this.status === 403;
  }
}

/** How a request failed below HTTP. */
export type NetworkFailureKind = 'dns' | 'tls' | 'refused' | 'timeout' | 'reset' | 'unreachable' | 'other';

/** The request never got an HTTP reply. Always worth retrying later. */
export class ActiveCampaignNetworkError extends Error {
  readonly code = 'ACTIVECAMPAIGN_NETWORK_ERROR';
  readonly retryable = true;

  constructor(
    readonly kind: NetworkFailureKind,
    message: string,
    /** The low-level error code, e.g. ENOTFOUND, CERT_HAS_EXPIRED, UND_ERR_HEADERS_TIMEOUT. */
    readonly lowLevelCode: string | undefined,
  ) {
    super(message);
    this.name = 'ActiveCampaignNetworkError';
  }
}

export type ActiveCampaignRequestError = ActiveCampaignHttpError | ActiveCampaignNetworkError;

export function isRequestError(error: unknown): error is ActiveCampaignRequestError {
  return error instanceof ActiveCampaignHttpError || error instanceof ActiveCampaignNetworkError;
}

/** True for a 404 from ActiveCampaign: the id (account, record, schema) does not exist. */
export function isNotFound(error: unknown): boolean {
  return error instanceof ActiveCampaignHttpError && error.status === 404;
}

/** True when an error reply lists `code` among its `errors[].code` (e.g. `duplicate`, `email_excluded`). */
export function hasErrorCode(error: unknown, code: string): boolean {
  if (!(error instanceof ActiveCampaignHttpError)) return false;
  const errors = (error.body as { errors?: unknown } | null)?.errors;
  return Array.isArray(errors) && errors.some((e) => (e as { code?: unknown } | null)?.code === code);
}

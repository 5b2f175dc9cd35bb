import { ConnectionError, describeUndocumentedBody, ferryRefusal, PluginConfigError } from '../../contract';

/** Why a call to the workspace failed: a stable value in the error's `extensions.reason`. */
export type DatabricksFailure =
  'authentication_failed' | 'permission_denied' | 'warehouse_not_found' | 'not_a_workspace' | 'unavailable' | 'unreachable' | 'timeout';

interface ErrorBody {
  error_code?: string | number;
  message?: string;
}

/** A reply of the REST API that is not 2xx, turned into an error that names the fix. */
export function apiError(status: number, text: string, where: { origin: string; warehouseId: string }): Error {
  let body: ErrorBody = {};
  try {
    body = JSON.parse(text) as ErrorBody;
  } catch {
    // An HTML page or proxy reply: not the Databricks API.
  }
  // Only the API's documented `message` is repeated; any other body is described, never quoted.
  const said = typeof body.message === 'string' ? body.message : `with ${describeUndocumentedBody(text)}`;
  const code = String(body.error_code ?? status);
  const fail = (reason: DatabricksFailure, message: string) => new ConnectionError(message, { reason, status, errorCode: code });
  if (status === 401 || (status === 403 && /token|credential/i.test(said))) {
    return fail(
      'authentication_failed',
      `Databricks at ${where.origin} refused the token (${status} ${said}): create a new personal access token under User Settings → Developer → Access tokens and paste it into token`,
    );
  }
  if (status === 403) {
    return fail(
      'permission_denied',
      `Databricks at ${where.origin} refused the request (${said}): give the token's user CAN USE on SQL warehouse ${where.warehouseId}`,
    );
  }
  if (status === 404 && /warehouse|endpoint/i.test(said) && !/ENDPOINT_NOT_FOUND/.test(code)) {
    return fail(
      'warehouse_not_found',
      `SQL warehouse ${where.warehouseId} was not found in the workspace at ${where.origin} (${said}): copy httpPath from SQL Warehouses → your warehouse → Connection details`,
    );
  }
  if (status === 404 || !body.message) {
    return fail(
      'not_a_workspace',
      `${where.origin} did not answer as a Databricks workspace (${status} ${said.replace(/\s+/g, ' ').slice(0, 200)}): check host, the Server hostname in the warehouse's Connection details`,
    );
  }
  if (status === 429 || status >= 500) {
    return fail('unavailable', `Databricks at ${where.origin} is unavailable right now (${status} ${said}): try again later`);
  }
  return new PluginConfigError(`Databricks refused the request: ${said}`, { status, errorCode: code });
}

interface NetworkError {
  code?: string;
  message?: string;
  cause?: NetworkError;
}

/** A socket-level failure (refused, DNS, timeout) as a ConnectionError. */
export function networkError(cause: unknown, origin: string, timeoutSeconds: number): ConnectionError {
  const refusal = ferryRefusal(cause);
  if (refusal) return refusal;
  const error = (cause ?? {}) as NetworkError;
  const code = error.code ?? error.cause?.code ?? '';
  if (/TIMEOUT/.test(code)) {
    return new ConnectionError(
      `${origin} did not answer within ${timeoutSeconds} seconds (requestTimeoutSeconds): check host and that a firewall lets Ferry through, or raise requestTimeoutSeconds`,
      { reason: 'timeout' },
    );
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return new ConnectionError(`Could not find the host of ${origin} (DNS lookup failed): check host`, { reason: 'unreachable' });
  }
  return new ConnectionError(`Could not reach Databricks at ${origin} (${error.message ?? code}): check host and your network`, {
    reason: 'unreachable',
    code,
  });
}

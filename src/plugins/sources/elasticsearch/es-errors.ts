import { ConnectionError, ferryRefusal, PluginConfigError } from '../../contract';

/** Why a call to the cluster failed: a stable value in the error's `extensions.reason`. */
export type ElasticsearchFailure =
  | 'authentication_failed'
  | 'permission_denied'
  | 'cursor_expired'
  | 'not_elasticsearch'
  | 'unavailable'
  | 'unreachable'
  | 'timeout'
  | 'ssl_certificate';

interface ErrorReply {
  error?: { type?: string; reason?: string; root_cause?: Array<{ type?: string; reason?: string }> } | string;
  status?: number;
}

export interface ErrorContext {
  origin: string;
  pageTimeoutSeconds: number;
}

/** A non-2xx reply of Elasticsearch, turned into an error that names the fix. */
export function replyError(status: number, body: unknown, where: ErrorContext): Error {
  const reply = (body ?? {}) as ErrorReply;
  const error = typeof reply.error === 'object' ? reply.error : undefined;
  const type = error?.type ?? '';
  const rootTypes = (error?.root_cause ?? []).map((cause) => cause.type ?? '');
  const reason = error?.reason ?? (typeof reply.error === 'string' ? reply.error : `HTTP ${status}`);
  const extensions = { status, type };
  if (status === 401) {
    return new ConnectionError(
      `Elasticsearch at ${where.origin} refused the credentials (${reason}): check apiKey (or username and password); an API key may have expired or been invalidated`,
      { reason: 'authentication_failed', ...extensions },
    );
  }
  if (status === 403) {
    return new ConnectionError(
      `Elasticsearch refused the request (${reason}): give Ferry's role the read and view_index_metadata privileges on the indices (see Ferry's README)`,
      { reason: 'permission_denied', ...extensions },
    );
  }
  if (type === 'search_context_missing_exception' || rootTypes.includes('search_context_missing_exception')) {
    return new PluginConfigError(
      `The result cursor expired between two pages (${error?.root_cause?.[0]?.reason ?? reason}): the run waited longer than pageTimeoutSeconds (${where.pageTimeoutSeconds}) for the destination. Raise pageTimeoutSeconds, then run again`,
      { reason: 'cursor_expired', ...extensions },
    );
  }
  if (type === 'verification_exception' || type === 'parsing_exception') {
    const fix = /Unknown index/.test(reason)
      ? 'check the index name (tables lists the indices and aliases Ferry may read)'
      : 'fix the SQL at the line and column shown';
    return new PluginConfigError(`${reason.replace(/^Found \d+ problems?\n/, '')}. Fix: ${fix}`, extensions);
  }
  if (type === 'index_closed_exception') {
    return new PluginConfigError(
      `The index is closed, so its documents cannot be read: open it (POST /<index>/_open) or choose another index`,
      extensions,
    );
  }
  if (/Arrays \(returned by/.test(reason)) {
    return new PluginConfigError(
      `${reason}: Elasticsearch SQL cannot return arrays. Leave the field out of the SELECT, or turn multiValueLeniency on to take the first value of each array`,
      extensions,
    );
  }
  if (status === 429 || status >= 500) {
    return new ConnectionError(`Elasticsearch at ${where.origin} could not answer (${status} ${reason}): try again later`, {
      reason: 'unavailable',
      ...extensions,
    });
  }
  if (!type) {
    return new ConnectionError(`${where.origin} did not answer as Elasticsearch (${status}): check url`, {
      reason: 'not_elasticsearch',
      ...extensions,
    });
  }
  return new PluginConfigError(`Elasticsearch refused the request: ${reason}`, extensions);
}

interface NetworkError {
  code?: string;
  message?: string;
  cause?: NetworkError;
}

/** A socket or TLS failure as a ConnectionError. */
export function networkError(cause: unknown, origin: string, timeoutSeconds: number): ConnectionError {
  const refusal = ferryRefusal(cause);
  if (refusal) return refusal;
  const error = (cause ?? {}) as NetworkError;
  const code = error.code ?? error.cause?.code ?? '';
  if (/TIMEOUT/.test(code)) {
    return new ConnectionError(
      `${origin} did not answer within ${timeoutSeconds} seconds (requestTimeoutSeconds): check url, or raise requestTimeoutSeconds for slow queries`,
      { reason: 'timeout' },
    );
  }
  if (/CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ALTNAME/.test(code)) {
    return new ConnectionError(
      `The TLS certificate of ${origin} could not be verified (${code}): paste the cluster's CA certificate (PEM) into caCertificate, or use the host name the certificate was issued for`,
      { reason: 'ssl_certificate' },
    );
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN')
    return new ConnectionError(`Could not find the host of ${origin} (DNS lookup failed): check url`, { reason: 'unreachable' });
  return new ConnectionError(`Could not reach Elasticsearch at ${origin} (${error.message ?? code}): check url and that the cluster is up`, {
    reason: 'unreachable',
    code,
  });
}

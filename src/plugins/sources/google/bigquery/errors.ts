import { ConnectionError, PluginConfigError } from '../../../contract';
import { GoogleApiError } from '../service-account';

interface ErrorContext {
  projectId: string;
  key: { clientEmail: string };
  config: { location?: string };
}

/**
 * Turns a BigQuery error reply into a typed error whose message keeps BigQuery's words and names the fix:
 * ConnectionError when the account or project cannot be used at all (credentials, the project, the
 * jobUser role, quotas, outages), PluginConfigError when the query is at fault (syntax, a missing or unreadable
 * table, a dataset in another location). Errors that are not API replies pass through.
 */
export function bigQueryError(cause: unknown, { projectId, key, config }: ErrorContext): unknown {
  if (!(cause instanceof GoogleApiError)) return cause;
  const { httpStatus, reason, message } = cause;
  const account = key.clientEmail;
  const extensions = { reason: reason || cause.status || `http_${httpStatus}`, httpStatus };
  if (httpStatus === 401) {
    return new ConnectionError(`BigQuery refused the access token of ${account} (${message}): check serviceAccountKey`, extensions);
  }
  if (reason === 'rateLimitExceeded' || reason === 'quotaExceeded' || httpStatus === 429) {
    return new ConnectionError(
      `BigQuery quota reached for project ${projectId} (${message}): try again later, or raise the quota in Google Cloud → IAM & Admin → Quotas`,
      extensions,
    );
  }
  if (reason === 'accessDenied' || httpStatus === 403) {
    if (/bigquery\.jobs\.create|^Access Denied: Project/i.test(message)) {
      return new ConnectionError(
        `BigQuery denied ${account} the right to run queries in project ${projectId} (${message}): grant it roles/bigquery.jobUser on the project, or set projectId to a project where it has that role`,
        extensions,
      );
    }
    return new PluginConfigError(`${message}. Grant ${account} roles/bigquery.dataViewer on the dataset the query reads`, extensions);
  }
  if (reason === 'notFound' || httpStatus === 404) {
    if (/^Not found: Project/i.test(message)) {
      return new ConnectionError(
        `${message}: check projectId (the project id, not its name or number) and that the BigQuery API is enabled in it`,
        extensions,
      );
    }
    if (/was not found in location/i.test(message)) {
      const where = config.location ? `location is set to ${config.location}` : "the query ran in BigQuery's default location";
      return new PluginConfigError(
        `${message}. Check the dataset and table names; if they are right, the dataset lives in another location (${where}): set location to the dataset's location, shown in its details in the BigQuery console`,
        extensions,
      );
    }
    return new PluginConfigError(`${message}: check the dataset and table names in the query`, extensions);
  }
  if (reason === 'stopped') return new PluginConfigError(`BigQuery stopped the query: ${message}`, extensions);
  if (httpStatus >= 500 || reason === 'backendError' || reason === 'internalError') {
    return new ConnectionError(`BigQuery failed (${message}): try again later`, extensions);
  }
  return new PluginConfigError(message, extensions);
}

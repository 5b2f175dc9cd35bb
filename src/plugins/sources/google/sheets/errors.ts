import { ConnectionError, PluginConfigError } from '../../../contract';
import { GoogleApiError } from '../service-account';

interface ErrorContext {
  spreadsheetId: string;
  clientEmail: string;
}

/**
 * Turns a Sheets API error reply into a typed error naming the fix: an unshared spreadsheet names the email to
 * share it with, a missing one the setting to check, a quota refusal what to wait for. Others pass through.
 */
export function sheetsError(cause: unknown, { spreadsheetId, clientEmail }: ErrorContext): unknown {
  if (!(cause instanceof GoogleApiError)) return cause;
  const { httpStatus, message } = cause;
  const extensions = { reason: cause.status || `http_${httpStatus}`, httpStatus };
  if (httpStatus === 401)
    return new ConnectionError(`Google Sheets refused the access token of ${clientEmail} (${message}): check serviceAccountKey`, extensions);
  if (httpStatus === 403 && /has not been used|is disabled|SERVICE_DISABLED/i.test(message)) {
    return new ConnectionError(
      `The Google Sheets API is not enabled in the service account's project (${message}): enable it under APIs & Services → Library → Google Sheets API`,
      extensions,
    );
  }
  if (httpStatus === 403 && /scope/i.test(message)) return new ConnectionError(`Google Sheets refused the token's scopes (${message})`, extensions);
  if (httpStatus === 403) {
    return new ConnectionError(
      `The spreadsheet ${spreadsheetId} is not shared with the service account (${message}): open it in Google Sheets, click Share and add ${clientEmail} as a Viewer`,
      { ...extensions, reason: 'not_shared' },
    );
  }
  if (httpStatus === 404) {
    return new ConnectionError(
      `There is no spreadsheet with the id ${spreadsheetId} (${message}): check spreadsheet (copy the address of the spreadsheet from the browser)`,
      {
        ...extensions,
        reason: 'spreadsheet_not_found',
      },
    );
  }
  if (httpStatus === 429) {
    return new ConnectionError(
      `Google Sheets refused the read: the read quota of ${clientEmail} is used up (${message}). Ferry keeps its own reads under 60 a minute; another program using the same service account may share the quota. Try again in a minute`,
      { ...extensions, reason: 'quota_exceeded' },
    );
  }
  if (httpStatus >= 500) return new ConnectionError(`Google Sheets failed (${message}): try again later`, extensions);
  return new PluginConfigError(message, extensions);
}

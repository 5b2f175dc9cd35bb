/**
 * Error bodies in the shapes ActiveCampaign uses (activecampaign-api.md §11). There is no single envelope, so
 * each builder is named for the shape it returns. Exported so tests can inject any of them as a fault.
 */

/** Shape 1: `{"errors":[{title, detail, code, error?, source:{pointer}}]}`, the common 422. */
export function attributeError(title: string, code: string, attribute: string, extra: { detail?: string; error?: string } = {}) {
  return {
    errors: [
      {
        title,
        detail: extra.detail ?? '',
        code,
        ...(extra.error !== undefined ? { error: extra.error } : {}),
        source: { pointer: `/data/attributes/${attribute}` },
      },
    ],
  };
}

/** Shape 2: `{"errors":[{status, title, detail}]}`. */
export function statusError(status: number, title: string, detail?: string, attribute?: string) {
  return {
    errors: [
      {
        status,
        title,
        ...(detail !== undefined ? { detail } : {}),
        ...(attribute !== undefined ? { source: { pointer: `/data/attributes/${attribute}` } } : {}),
      },
    ],
  };
}

/** Shape 3: `{"message":"No Result found for <Entity> with id N"}`. */
export function noResult(entity: string, id: string) {
  return { message: `No Result found for ${entity} with id ${id}` };
}

/** Shape 4: the bulk importer's `{"success":0,"message","failureReasons":[…]}`. */
export function bulkFailure(message: string, failureReasons: unknown[]) {
  return { success: 0, message, failureReasons };
}

/** Custom objects' 422, whose `source` is `{type, value}`. */
export function customObjectInvalid(title: string, detail: string, attribute: string) {
  return { errors: [{ title, detail, source: { type: 'pointer', value: `/data/attributes/${attribute}` } }] };
}

export const CLOUDFLARE_504_HTML = `<!DOCTYPE html>
<html lang="en-US">
<head><title>activehosted.com | 504: Gateway time-out</title></head>
<body>
<div id="cf-wrapper"><div id="cf-error-details">
<h1><span class="cf-error-type">Error</span> <span class="cf-error-code">504</span></h1>
<h2 class="cf-subheadline">Gateway time-out</h2>
<p>The web server reported a gateway time-out error.</p>
<span class="cf-footer-item">Cloudflare Ray ID: <strong>7d2f0c1e9a8b4c3d</strong></span>
</div></div>
</body>
</html>
`;

export const SERVICE_UNAVAILABLE_HTML = `<html>
<head><title>503 Service Temporarily Unavailable</title></head>
<body><center><h1>503 Service Temporarily Unavailable</h1></center></body>
</html>
`;

/** Every documented error body, ready to inject with `{ type: 'response', status, body }`. */
export const errorBodies = {
  forbidden: { message: 'Forbidden' },
  unauthorized: { message: 'Unauthorized' },
  notFound: { message: 'Not Found' },
  /** The 429 body is UNCONFIRMED; this is our guess. */
  tooManyRequests: { message: 'Too Many Requests' },
  emailInvalid: attributeError('Contact Email Address is not valid.', 'email_invalid', 'email', { error: 'must_be_valid_email_address' }),
  /** Our guess: the real reply for an excluded email is UNCONFIRMED. The title follows Census' "It is on exclusion list". */
  emailExcluded: attributeError('It is on exclusion list', 'email_excluded', 'email', {
    detail: "The email address is on the account's exclusion list and cannot be added or updated.",
  }),
  duplicateEmail: attributeError('Email address already exists in the system', 'duplicate', 'email'),
  accountNameMissing: attributeError('The account name was not provided.', 'field_missing', 'name'),
  accountDuplicate: (name: string) => attributeError(`An account named "${name}" already exists. Please choose a new name.`, 'duplicate', 'name'),
  contactHasAccount: {
    errors: [
      {
        title: 'This contact is already associated with an account. We currently do not support contacts on multiple accounts.',
        detail: '',
        code: 'field_invalid',
        source: { pointer: '/data/attributes/account,contact' },
      },
    ],
  },
  fieldDuplicateTitle: (title: string) => ({
    errors: [{ title: 'There is already a field with this title', detail: `A field titled "${title}" already exists.`, code: 'duplicate' }],
  }),
  listsForbidden: statusError(403, 'Forbidden', 'You do not have permission to view lists.'),
  contactNotFound: statusError(404, 'Not Found', 'Contact not found'),
  missingAttribute: (attribute: string) => statusError(422, 'Missing attribute', undefined, attribute),
  badRequest: { errors: [{ status: 400, title: 'Bad Request' }] },
  customObjectInvalidField: (field: string) =>
    customObjectInvalid(`Invalid value for field "${field}"`, `${field} cannot accept a value that is not defined in the schema.`, field),
  bulkRateLimit: bulkFailure('Rate limit exceeded.', [
    'Up to 100 imports may be requested per minute.Please batch contacts into larger requests, or retry this request in a minute.',
  ]),
  /** Odd shapes seen in the wild. */
  emptyObject: {},
  stringErrors: { errors: 'An unexpected error occurred.' },
  arrayErrors: { errors: ['An unexpected error occurred.'] },
} as const;

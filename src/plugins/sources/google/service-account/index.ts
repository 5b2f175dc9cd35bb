export { accessToken, forgetAccessToken, forgetAccessTokens } from './access-token';
export { authorizedRequest } from './authorized-request';
export { apiOrigin, apiUrlField } from './api-url';
export { GoogleApiError } from './google-api-error';
export { googleRequest, type GoogleRequest } from './google-request';
export { parseServiceAccountKey, readServiceAccountKey, type ServiceAccountKey } from './key';
export { serviceAccountKeyField } from './key-field';

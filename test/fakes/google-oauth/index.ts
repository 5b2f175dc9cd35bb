export { AccessTokens, type TokenHolder } from './access-tokens';
export { googleError, readBody, sendJson, unauthenticated } from './http-io';
export { ServiceAccounts, type FakeServiceAccount } from './service-accounts';
export { handleTokenRequest } from './token-endpoint';

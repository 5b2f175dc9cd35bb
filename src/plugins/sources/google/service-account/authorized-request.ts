import type { PluginContext } from '../../../contract';
import { accessToken, forgetAccessToken } from './access-token';
import { GoogleApiError } from './google-api-error';
import { googleRequest, type GoogleRequest } from './google-request';
import type { ServiceAccountKey } from './key';

/**
 * `googleRequest` with the service account's access token. A 401 (a token revoked or expired before its time)
 * drops the cached token and tries once more with a new one.
 */
export async function authorizedRequest<T>(
  key: ServiceAccountKey,
  scopes: readonly string[],
  ctx: Pick<PluginContext, 'http' | 'signal'>,
  req: Omit<GoogleRequest, 'accessToken'>,
): Promise<T> {
  try {
    return await googleRequest<T>(ctx, { ...req, accessToken: await accessToken(key, scopes, ctx) });
  } catch (error) {
    if (!(error instanceof GoogleApiError) || error.httpStatus !== 401) throw error;
    forgetAccessToken(key, scopes);
    return googleRequest<T>(ctx, { ...req, accessToken: await accessToken(key, scopes, ctx) });
  }
}

import { ConnectionError, type PluginContext } from '../../contract';
import { ActiveCampaignHttpError, ActiveCampaignNetworkError } from './api-error';
import { apiRequest } from './client';
import { apiBase, type ActiveCampaignConfig } from './config';
import { REJECTED_KEY } from './messages';

function notActiveCampaign(config: ActiveCampaignConfig, what: string): ConnectionError {
  return new ConnectionError(
    `${apiBase(config)} is not an ActiveCampaign API (${what}): copy the API URL from Settings → Developer, e.g. https://youraccount.api-us1.com`,
  );
}

/**
 * Checks URL and key with `GET /users/me`, throwing a ConnectionError that says what to fix: the key, the URL,
 * the network. `timeoutMs` bounds the whole check.
 */
export async function testConnection(config: ActiveCampaignConfig, ctx: PluginContext, timeoutMs: number): Promise<void> {
  let body: Record<string, unknown>;
  try {
    ({ body } = await apiRequest(config, ctx, { method: 'GET', path: '/users/me', timeoutMs }));
  } catch (error) {
    if (error instanceof ActiveCampaignNetworkError) throw new ConnectionError(error.message, { kind: error.kind });
    if (!(error instanceof ActiveCampaignHttpError)) throw error;
    if (error.forbidden) throw new ConnectionError(REJECTED_KEY, { status: error.status });
    if (error.retryable) {
      throw new ConnectionError(`ActiveCampaign could not answer (${error.message}): try again in a few minutes`, { status: error.status });
    }
    if (error.notJson || error.status === 404) throw notActiveCampaign(config, error.message);
    throw new ConnectionError(`ActiveCampaign refused the check (HTTP ${error.status}): ${error.message}`, { status: error.status });
  }
  const user = body.user as { id?: unknown } | undefined;
  if (!user || typeof user !== 'object' || user.id === undefined) {
    throw notActiveCampaign(config, 'GET /users/me did not return a user');
  }
}

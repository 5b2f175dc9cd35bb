import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Ferry } from '../ferry';
import { sendMetrics, type MetricsSource } from '../metrics/metrics-response';
import { authenticate, credentialToken } from '../schema/auth';
import { sendJson } from './json-response';

const HOW = 'create one with `npm run --silent ferry -- token create --name prometheus`, or scrape FERRY_METRICS_ADDRESS, which needs none';

/** GET /metrics on the API's port: with the same API token as /graphql (Bearer), 401 otherwise. */
export function metricsRoute(ferry: Pick<Ferry, 'tokens' | 'config'>, metrics: MetricsSource) {
  return async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const token = credentialToken(request.headers.authorization);
    if (!(await authenticate(ferry.tokens, token, ferry.config.FERRY_API_TOKEN))) {
      const error = token
        ? `The API token is not valid (unknown, revoked or expired): send a working one as "Authorization: Bearer <token>"; ${HOW}`
        : `GET /metrics needs an API token: send "Authorization: Bearer <token>"; ${HOW}`;
      return sendJson(response, 401, { error, code: 'UNAUTHENTICATED' }, { 'www-authenticate': 'Bearer realm="ferry"' });
    }
    return sendMetrics(metrics, request, response);
  };
}

import type { DestinationLimits } from '../../contract';
import { apiHost, type ActiveCampaignConfig } from './config';

/**
 * write() calls one run may have in flight. A bulk import takes about 1–3 s on ActiveCampaign's side; with eight
 * batches of 250 posted, waiting and polled at once, one run keeps the importer near its 100 imports per minute
 * (about 1.7 imports a second, each costing a POST and a poll or two). The engine's limiter, shared by every run
 * and worker on the account, still holds all of them to 5 requests per second and 100 imports per minute.
 */
const CONCURRENT_WRITES = 8;

/**
 * ActiveCampaign's documented budgets: 5 requests per second per account (shared by every key), at most 250
 * contacts per bulk import, 100 multi-contact imports per minute. The engine enforces them, keyed by the account
 * host, across every run and worker writing to it.
 */
export function activeCampaignLimits(config: ActiveCampaignConfig): DestinationLimits {
  return {
    key: `activecampaign:${apiHost(config)}`,
    requestsPerSecond: 5,
    maxBatchSize: 250,
    concurrency: CONCURRENT_WRITES,
    routes: [{ method: 'POST', pathPrefix: '/api/3/import/bulk_import', requests: 100, perMs: 60_000 }],
  };
}

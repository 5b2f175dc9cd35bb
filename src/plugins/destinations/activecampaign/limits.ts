import type { DestinationLimits } from '../../contract';
import { apiHost, type ActiveCampaignConfig } from './config';

/** Bulk import requests the engine may have in flight per account (each holds up to 250 contacts). */
const CONCURRENT_WRITES = 4;

/**
 * ActiveCampaign's documented budgets: 5 requests per second per account (shared by every key), at most 250
 * contacts per bulk import, 100 multi-contact imports per minute. The engine enforces them for every run and
 * worker writing to the same account host. Several write() calls run at once so the importer keeps working on
 * one batch while the next is posted and the previous is polled.
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

import type { AttemptDependencies } from '../../alerts/attempt-delivery';
import { retrySchedule } from '../../alerts/alert-worker';
import { enginePool } from '../../engine/engine-pool';
import type { Ferry } from '../../ferry';

/** What the API needs to send a test delivery itself. */
export function alertDependencies(ferry: Ferry): AttemptDependencies {
  return {
    pool: enginePool(ferry.db),
    secrets: ferry.secrets,
    logger: ferry.logger,
    timeoutMs: ferry.config.FERRY_ALERT_TIMEOUT_SECONDS * 1000,
    retry: retrySchedule(ferry.config),
  };
}

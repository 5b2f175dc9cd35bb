import type { AttemptDependencies } from '../../alerts/attempt-delivery';
import { retrySchedule } from '../../alerts/alert-worker';
import { createAlertAgent } from '../../alerts/post-delivery';
import { enginePool } from '../../engine/engine-pool';
import type { Ferry } from '../../ferry';

/** Sends with what the API needs to send a test delivery itself, on connections of its own closed afterwards. */
export async function withAlertDependencies<T>(ferry: Ferry, send: (deps: AttemptDependencies) => Promise<T>): Promise<T> {
  const timeoutMs = ferry.config.FERRY_ALERT_TIMEOUT_SECONDS * 1000;
  const dispatcher = createAlertAgent(timeoutMs);
  try {
    return await send({
      pool: enginePool(ferry.db),
      dispatcher,
      secrets: ferry.secrets,
      logger: ferry.logger,
      timeoutMs,
      retry: retrySchedule(ferry.config),
    });
  } finally {
    await dispatcher.close();
  }
}

import { NotificationCondition } from '../entities/notification-settings';
import { formatDuration, formatPercent, type RuleFacts, type RunFacts, type SyncFacts } from './alert-facts';

/** The sentence a delivery leads with, for each condition. */
export function alertMessage(rule: RuleFacts, sync: SyncFacts | null, run: RunFacts | null, lastSuccessAt?: string | null): string {
  const subject = sync ? `Sync "${sync.name}"` : 'A sync';
  switch (rule.condition) {
    case NotificationCondition.RUN_FAILED:
      return `${subject}: a run failed: ${run?.error ?? 'no reason was recorded'}`;
    case NotificationCondition.REJECTED_ROWS_ABOVE:
      return run
        ? `${subject}: a run rejected ${run.rowsRejected} of the ${run.rowsRead} rows it read (${formatPercent(run.rejectedPercent)}), ` +
            `above the rule's ${formatPercent(rule.rejectedRowsPercent ?? 0)}`
        : `${subject}: a run rejected more than ${formatPercent(rule.rejectedRowsPercent ?? 0)} of the rows it read`;
    case NotificationCondition.RUN_LONGER_THAN: {
      const took = run?.durationSeconds != null ? formatDuration(run.durationSeconds) : 'longer';
      const verb = run?.finishedAt ? 'took' : 'has been running for';
      return `${subject}: a run ${verb} ${took}, longer than the rule's ${rule.duration}`;
    }
    case NotificationCondition.NO_SUCCESS_FOR:
      return lastSuccessAt
        ? `${subject} has not succeeded for more than ${rule.duration} (last success: ${lastSuccessAt})`
        : `${subject} has not succeeded for more than ${rule.duration} (no run of it has succeeded yet)`;
  }
}

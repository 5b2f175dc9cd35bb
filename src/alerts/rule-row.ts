import { NotificationCondition, NotificationFormat } from '../entities/notification-settings';
import type { RuleFacts } from './alert-facts';

/** A rule as the evaluation reads it (no secrets: they are opened only to send). */
export interface RuleRow {
  id: string;
  name: string;
  sync_id: string | null;
  condition: NotificationCondition;
  rejected_rows_percent: number | null;
  duration: string | null;
  duration_seconds: number | null;
  format: NotificationFormat;
  created_at: Date;
}

export const ruleColumns = 'id, name, sync_id, condition, rejected_rows_percent, duration, duration_seconds, format, created_at';

export function ruleFacts(rule: Pick<RuleRow, 'id' | 'name' | 'condition' | 'rejected_rows_percent' | 'duration'>): RuleFacts {
  return { id: rule.id, name: rule.name, condition: rule.condition, rejectedRowsPercent: rule.rejected_rows_percent, duration: rule.duration };
}

/** Whether the rule looks at this sync. */
export function watches(rule: RuleRow, syncId: string): boolean {
  return rule.sync_id === null || rule.sync_id === syncId;
}

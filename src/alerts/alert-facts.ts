import { NotificationCondition } from '../entities/notification-settings';
import type { RunCounters } from '../engine/run/run-progress';

/** The sync an alert is about, as payloads show it. */
export interface SyncFacts {
  id: string;
  name: string;
  object: string;
  modelId: string;
  destinationId: string;
}

/** The run an alert is about, with its counters, as payloads show it. */
export interface RunFacts extends RunCounters {
  id: string;
  status: string;
  trigger: string;
  fullResync: boolean;
  queuedAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  /** From start to finish (or to now, while it runs); null before it starts. */
  durationSeconds: number | null;
  error: string | null;
  /** Rejected rows over rows read, in percent (0 when none was read). */
  rejectedPercent: number;
}

/** The rule as payloads show it. */
export interface RuleFacts {
  id: string;
  name: string;
  condition: NotificationCondition;
  rejectedRowsPercent: number | null;
  duration: string | null;
}

/** Everything one delivery says, whatever its format. */
export interface AlertFacts {
  deliveryId: string;
  event: string;
  test: boolean;
  createdAt: Date;
  /** One sentence for people: what happened, with the numbers. */
  message: string;
  rule: RuleFacts;
  sync: SyncFacts | null;
  run: RunFacts | null;
  /** For sync.no_success_for: when the sync last succeeded (null: never). */
  lastSuccessAt?: string | null;
}

/** The `Ferry-Event` of each condition. */
export const eventOf: Record<NotificationCondition, string> = {
  [NotificationCondition.RUN_FAILED]: 'run.failed',
  [NotificationCondition.REJECTED_ROWS_ABOVE]: 'run.rejected_rows_above',
  [NotificationCondition.RUN_LONGER_THAN]: 'run.longer_than',
  [NotificationCondition.NO_SUCCESS_FOR]: 'sync.no_success_for',
};

/** A duration for people: "45 s", "12 min", "2 h 5 min", "3 d 4 h". */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  const minutes = Math.floor(s / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return minutes % 60 ? `${hours} h ${minutes % 60} min` : `${hours} h`;
  const days = Math.floor(hours / 24);
  return hours % 24 ? `${days} d ${hours % 24} h` : `${days} d`;
}

/** A percentage for people: at most two decimals, no trailing zeros. */
export function formatPercent(value: number): string {
  return `${Number(value.toFixed(2))}%`;
}

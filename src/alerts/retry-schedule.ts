/** When a refused delivery is tried again (FERRY_ALERT_RETRY_*). */
export interface RetrySchedule {
  /** Wait after the first failed attempt. @default 30_000 */
  firstMs: number;
  /** The longest wait between two attempts. @default 3_600_000 */
  maxMs: number;
  /** No attempt later than this after the first one. @default 86_400_000 (a day) */
  retryForMs: number;
}

/**
 * The wait after failed attempt number `attempt` (1 for the first): `firstMs` doubled each time up to `maxMs`, each
 * spread by ±20 % so that receivers that come back are not hit by every sender at the same second.
 */
export function retryDelayMs(schedule: RetrySchedule, attempt: number, random: () => number = Math.random): number {
  const base = Math.min(schedule.maxMs, schedule.firstMs * 2 ** Math.min(attempt - 1, 40));
  return Math.round(base * (0.8 + 0.4 * random()));
}

/** When to try again after failed attempt `attempt`, or null to give up (the next try would fall after the retry period). */
export function nextAttemptAt(
  schedule: RetrySchedule,
  { attempt, firstAttemptAt, now, random }: { attempt: number; firstAttemptAt: Date; now: Date; random?: () => number },
): Date | null {
  const next = now.getTime() + retryDelayMs(schedule, attempt, random);
  return next > firstAttemptAt.getTime() + schedule.retryForMs ? null : new Date(next);
}

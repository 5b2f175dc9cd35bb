import { ScheduleKind, type Sync } from '../../entities';

/** How a sync repeats by itself: an Agenda repeat interval (human interval or cron) and its time zone. */
export interface ScheduleRepeat {
  interval: string;
  timezone: string | null;
}

/** The repeat the sync's schedule job needs; null when the sync has no such job (MANUAL, AFTER_SYNC or paused). */
export function scheduleRepeat(sync: Pick<Sync, 'schedule' | 'paused'>): ScheduleRepeat | null {
  const { schedule } = sync;
  if (sync.paused || !schedule) return null;
  if (schedule.kind === ScheduleKind.INTERVAL && schedule.every) return { interval: schedule.every, timezone: null };
  if (schedule.kind === ScheduleKind.CRON && schedule.cron) return { interval: schedule.cron, timezone: schedule.timezone ?? 'UTC' };
  return null;
}

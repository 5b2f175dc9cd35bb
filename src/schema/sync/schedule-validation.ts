import { CronExpressionParser } from 'cron-parser';
import humanInterval from 'human-interval';
import type { DataSource } from 'typeorm';
import { BadUserInputError } from '../../errors';
import { Schedule, ScheduleKind, Sync } from '../../entities';
import { findOrNull } from '../shared/find-or-fail';
import type { ScheduleInput } from './sync.input';

const field = 'input.schedule';

/** The longest INTERVAL: a year (and a leap day). Longer ones overflow timers and mean nothing as a schedule. */
const maxIntervalMs = 366 * 24 * 60 * 60 * 1000;

/** Milliseconds of a human interval ("15 minutes", "1 hour"), or NaN. */
export function intervalMs(every: string): number {
  return humanInterval(every.trim()) ?? Number.NaN;
}

export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

function refuse(path: string, message: string): never {
  throw new BadUserInputError(`${field}.${path}: ${message}`, `${field}.${path}`);
}

/** A schedule of no other sync (MANUAL, INTERVAL or CRON), checked and normalised: what a file can be checked against before Ferry is asked. */
export function validateTimedSchedule(input: ScheduleInput | null | undefined, minIntervalSeconds: number): Schedule {
  const schedule: Schedule = Object.assign(new Schedule(), {
    kind: input?.kind ?? ScheduleKind.MANUAL,
    every: null,
    cron: null,
    timezone: null,
    afterSyncId: null,
  });
  switch (schedule.kind) {
    case ScheduleKind.INTERVAL: {
      if (!input?.every?.trim()) refuse('every', "is required for INTERVAL; give a human interval such as '15 minutes' or '1 hour'");
      const ms = intervalMs(input.every);
      if (!Number.isFinite(ms) || ms <= 0) refuse('every', `"${input.every}" is not an interval; write e.g. '15 minutes', '2 hours' or '1 day'`);
      if (ms < minIntervalSeconds * 1000) refuse('every', `"${input.every}" is shorter than the minimum of ${minIntervalSeconds} seconds`);
      if (ms > maxIntervalMs)
        refuse('every', `"${input.every}" is longer than the maximum of 366 days; for rarer runs use a CRON schedule or MANUAL`);
      schedule.every = input.every.trim();
      break;
    }
    case ScheduleKind.CRON: {
      const cron = input?.cron?.trim();
      if (!cron) refuse('cron', "is required for CRON; give five fields such as '0 6 * * *' (06:00 every day)");
      if (cron.split(/\s+/).length !== 5) refuse('cron', `"${cron}" must have exactly five fields: minute hour day-of-month month day-of-week`);
      const timezone = input?.timezone?.trim() || 'UTC';
      if (!isTimeZone(timezone)) refuse('timezone', `"${timezone}" is not an IANA time zone; use e.g. UTC, Europe/Paris or America/New_York`);
      try {
        CronExpressionParser.parse(cron, { tz: timezone });
      } catch (error) {
        refuse('cron', `"${cron}" is not a valid cron expression: ${(error as Error).message}`);
      }
      Object.assign(schedule, { cron, timezone });
      break;
    }
    default:
      break;
  }
  return schedule;
}

/** Checks a schedule against its kind and returns it normalised (fields of other kinds cleared). */
export async function validateSchedule(
  db: DataSource,
  input: ScheduleInput | null | undefined,
  syncId: string | null,
  minIntervalSeconds: number,
): Promise<Schedule> {
  if (input?.kind !== ScheduleKind.AFTER_SYNC) return validateTimedSchedule(input, minIntervalSeconds);
  const schedule: Schedule = Object.assign(new Schedule(), {
    kind: ScheduleKind.AFTER_SYNC,
    every: null,
    cron: null,
    timezone: null,
    afterSyncId: null,
  });
  const afterSyncId = input.afterSyncId;
  if (!afterSyncId) refuse('afterSyncId', 'is required for AFTER_SYNC; give the id of the sync whose successful run should trigger this one');
  if (afterSyncId === syncId) refuse('afterSyncId', 'a sync cannot run after itself');
  const upstream = await findOrNull(db, Sync, afterSyncId);
  if (!upstream) refuse('afterSyncId', `sync "${afterSyncId}" does not exist`);
  if (syncId) await refuseCycle(db, syncId, upstream);
  schedule.afterSyncId = afterSyncId;
  return schedule;
}

/** One lock for every change that makes a sync run after another: the cycle check and the save happen under it. */
export const afterSyncLock = 0x46455259_4146;

/**
 * Saves a sync whose new schedule is AFTER_SYNC atomically with its cycle check: under a transaction-level advisory
 * lock, the chain is walked again as committed now, so two updates made at once (A after B, B after A) cannot both pass.
 */
export async function saveWithCycleCheck(db: DataSource, sync: Sync): Promise<Sync> {
  if (sync.schedule.kind !== ScheduleKind.AFTER_SYNC || !sync.schedule.afterSyncId) return db.getRepository(Sync).save(sync);
  return db.transaction(async (manager) => {
    await manager.query('SELECT pg_advisory_xact_lock($1)', [afterSyncLock]);
    const upstream = await manager.getRepository(Sync).findOneBy({ id: sync.schedule.afterSyncId! });
    if (!upstream) refuse('afterSyncId', `sync "${sync.schedule.afterSyncId}" does not exist`);
    await refuseCycle(manager, sync.id, upstream);
    return manager.getRepository(Sync).save(sync);
  });
}

/** Walks the AFTER_SYNC chain up from `after` (already loaded, and not `syncId` itself); reaching `syncId` would make a cycle. */
export async function refuseCycle(db: Pick<DataSource, 'getRepository'>, syncId: string, after: Sync): Promise<void> {
  const seen = new Set<string>([after.id]);
  let upstream: Sync | null = after;
  while (upstream) {
    const current: string | null = upstream.schedule.kind === ScheduleKind.AFTER_SYNC ? (upstream.schedule.afterSyncId ?? null) : null;
    if (!current || seen.has(current)) return;
    if (current === syncId) {
      refuse(
        'afterSyncId',
        `running after sync "${after.id}" would make a cycle: that sync already runs (directly or through others) after this one`,
      );
    }
    seen.add(current);
    upstream = await findOrNull(db as DataSource, Sync, current);
  }
}

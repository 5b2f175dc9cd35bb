import type { DataSource } from 'typeorm';
import { ScheduleKind, Sync } from '../../entities';
import type { ScheduledSync } from './scheduler';

/** Every sync with what its schedule job depends on, for reconciling the jobs with the stored syncs. */
export function allSchedules(db: DataSource): Promise<ScheduledSync[]> {
  return db.getRepository(Sync).find({ select: { id: true, schedule: true, paused: true } });
}

/** The syncs scheduled to run after the given sync (paused ones too, unless `unpausedOnly`). */
export function syncsAfter(
  db: DataSource,
  syncId: string,
  { unpausedOnly }: { unpausedOnly: boolean },
): Promise<Array<{ id: string; name: string }>> {
  return db
    .getRepository(Sync)
    .createQueryBuilder('sync')
    .select('sync.id', 'id')
    .addSelect('sync.name', 'name')
    .where("sync.schedule->>'kind' = :kind AND sync.schedule->>'afterSyncId' = :syncId", { kind: ScheduleKind.AFTER_SYNC, syncId })
    .andWhere(unpausedOnly ? 'NOT sync.paused' : 'TRUE')
    .getRawMany<{ id: string; name: string }>();
}

/** True when following the AFTER_SYNC links up from `syncId` comes back to it: triggering it would loop forever. */
export async function inAfterSyncCycle(db: DataSource, syncId: string): Promise<boolean> {
  const seen = new Set<string>();
  let current: string | null = syncId;
  while (current && !seen.has(current)) {
    seen.add(current);
    const sync: Pick<Sync, 'schedule'> | null = await db
      .getRepository(Sync)
      .findOne({ where: { id: current }, select: { id: true, schedule: true } });
    current = sync?.schedule.kind === ScheduleKind.AFTER_SYNC ? (sync.schedule.afterSyncId ?? null) : null;
    if (current === syncId) return true;
  }
  return false;
}

/**
 * Ids of the unpaused syncs scheduled to run after the given sync, except any whose chain comes back to itself (a
 * cycle saved before the check was atomic, or written around the API): those are refused, `onCycle` says which.
 */
export async function afterSyncFollowers(db: DataSource, syncId: string, onCycle: (followerId: string) => void = () => undefined): Promise<string[]> {
  const followers: string[] = [];
  for (const { id } of await syncsAfter(db, syncId, { unpausedOnly: true })) {
    if (await inAfterSyncCycle(db, id)) onCycle(id);
    else followers.push(id);
  }
  return followers;
}

import type { DataSource } from 'typeorm';
import { ScheduleKind, Sync } from '../../entities';
import type { ScheduledSync } from './scheduler';

/** Every sync with what its schedule job depends on, for reconciling the jobs with the stored syncs. */
export function allSchedules(db: DataSource): Promise<ScheduledSync[]> {
  return db.getRepository(Sync).find({ select: { id: true, schedule: true, paused: true } });
}

/** The syncs scheduled to run after the given sync (paused ones too, unless `unpausedOnly`). */
export function syncsAfter(db: DataSource, syncId: string, { unpausedOnly }: { unpausedOnly: boolean }): Promise<Array<{ id: string; name: string }>> {
  return db
    .getRepository(Sync)
    .createQueryBuilder('sync')
    .select('sync.id', 'id')
    .addSelect('sync.name', 'name')
    .where("sync.schedule->>'kind' = :kind AND sync.schedule->>'afterSyncId' = :syncId", { kind: ScheduleKind.AFTER_SYNC, syncId })
    .andWhere(unpausedOnly ? 'NOT sync.paused' : 'TRUE')
    .getRawMany<{ id: string; name: string }>();
}

/** Ids of the unpaused syncs scheduled to run after the given sync. */
export async function afterSyncFollowers(db: DataSource, syncId: string): Promise<string[]> {
  return (await syncsAfter(db, syncId, { unpausedOnly: true })).map((row) => row.id);
}

import type { DataSource } from 'typeorm';
import { ScheduleKind, Sync } from '../entities';

/** Every sync with what its schedule job depends on, for reconciling the jobs with the stored syncs. */
export function allSchedules(db: DataSource): Promise<Array<Pick<Sync, 'id' | 'schedule' | 'paused'>>> {
  return db.getRepository(Sync).find({ select: { id: true, schedule: true, paused: true } });
}

/** Ids of the unpaused syncs scheduled to run after the given sync. */
export async function afterSyncFollowers(db: DataSource, syncId: string): Promise<string[]> {
  const rows = await db
    .getRepository(Sync)
    .createQueryBuilder('sync')
    .select('sync.id', 'id')
    .where("sync.schedule->>'kind' = :kind AND sync.schedule->>'afterSyncId' = :syncId AND NOT sync.paused", { kind: ScheduleKind.AFTER_SYNC, syncId })
    .getRawMany<{ id: string }>();
  return rows.map((row) => row.id);
}

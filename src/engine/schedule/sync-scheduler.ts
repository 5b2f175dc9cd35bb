import type { Sync } from '../../entities';

/** What the API asks of the scheduler: keep each sync's schedule in step with the sync. */
export interface SyncScheduler {
  syncChanged(sync: Sync): Promise<void>;
  syncDeleted(syncId: string): Promise<void>;
  /** When each sync will next run by itself, in order; null for MANUAL, AFTER_SYNC and paused syncs. */
  nextRunsAt(syncs: readonly Sync[]): Promise<Array<Date | null>>;
}

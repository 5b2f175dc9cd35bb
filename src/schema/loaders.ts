import DataLoader from 'dataloader';
import { In, type DataSource, type EntityTarget } from 'typeorm';
import type { SyncScheduler } from '../engine/schedule/sync-scheduler';
import { Destination, Model, Source, Sync, SyncRun } from '../entities';
import { NotFoundError } from '../errors';

/**
 * Loads what nested fields need in one query per kind and tick instead of one per parent (`syncs { model {
 * source } lastRun nextRunAt }` is five queries whatever the number of syncs). Nothing is cached between ticks, so a long
 * subscription never serves stale rows.
 */
export interface Loaders {
  source: DataLoader<string, Source>;
  destination: DataLoader<string, Destination>;
  model: DataLoader<string, Model>;
  sync: DataLoader<string, Sync>;
  /** The newest run of each sync, or null. */
  lastRun: DataLoader<string, SyncRun | null>;
  /** When each sync next runs by itself, or null. */
  nextRunAt: DataLoader<Sync, Date | null, string>;
}

function byId<T extends { id: string }>(db: DataSource, entity: EntityTarget<T>, label: string, maxBatchSize: number): DataLoader<string, T> {
  return new DataLoader<string, T>(
    async (ids) => {
      const rows = await db.getRepository(entity).findBy({ id: In([...ids]) } as never);
      const found = new Map(rows.map((row) => [row.id, row]));
      return ids.map((id) => found.get(id) ?? new NotFoundError(label, id));
    },
    { cache: false, maxBatchSize },
  );
}

/** `maxBatchSize` (FERRY_LOADER_MAX_BATCH) bounds the ids of one database query, however many a request asks for. */
export function createLoaders(db: DataSource, scheduler: SyncScheduler, maxBatchSize = 500): Loaders {
  return {
    source: byId(db, Source, 'Source', maxBatchSize),
    destination: byId(db, Destination, 'Destination', maxBatchSize),
    model: byId(db, Model, 'Model', maxBatchSize),
    sync: byId(db, Sync, 'Sync', maxBatchSize),
    lastRun: new DataLoader<string, SyncRun | null>(
      async (syncIds) => {
        const runs = await db
          .getRepository(SyncRun)
          .createQueryBuilder('run')
          .distinctOn(['run.syncId'])
          .where('run.syncId IN (:...syncIds)', { syncIds: [...syncIds] })
          .orderBy('run.syncId')
          .addOrderBy('run.seq', 'DESC')
          .getMany();
        const latest = new Map(runs.map((run) => [run.syncId, run]));
        return syncIds.map((syncId) => latest.get(syncId) ?? null);
      },
      { cache: false, maxBatchSize },
    ),
    nextRunAt: new DataLoader<Sync, Date | null, string>((syncs) => scheduler.nextRunsAt(syncs), { cache: false, cacheKeyFn: (sync) => sync.id, maxBatchSize }),
  };
}

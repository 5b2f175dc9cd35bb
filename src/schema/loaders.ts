import DataLoader from 'dataloader';
import { In, type DataSource, type EntityTarget } from 'typeorm';
import type { SyncScheduler } from '../engine/schedule/sync-scheduler';
import { Destination, Model, Source, Sync, SyncRun } from '../entities';
import { NotFoundError } from '../errors';
import { SharedBatch } from './shared-batch';

/**
 * Loads what nested fields need in one query per kind and tick instead of one per parent (`syncs { model {
 * source } lastRun nextRunAt }` is five queries whatever the number of syncs). The database reads are shared
 * between concurrent operations (see SharedBatch): 200 clients listing syncs at once make one query per round,
 * not 200. Nothing is cached between queries, so a long subscription never serves stale rows.
 */
export interface Loaders {
  /** Every sync, oldest first. */
  allSyncs(): Promise<Sync[]>;
  source: DataLoader<string, Source>;
  destination: DataLoader<string, Destination>;
  model: DataLoader<string, Model>;
  sync: DataLoader<string, Sync>;
  /** The newest run of each sync, or null. */
  lastRun: DataLoader<string, SyncRun | null>;
  /** When each sync next runs by itself, or null. */
  nextRunAt: DataLoader<Sync, Date | null, string>;
}

function byId<T extends { id: string }>(db: DataSource, entity: EntityTarget<T>, label: string, maxKeys: number): SharedBatch<string, T> {
  return new SharedBatch<string, T>(async (ids) => {
    const rows = await db.getRepository(entity).findBy({ id: In(ids) } as never);
    const found = new Map(rows.map((row) => [row.id, row]));
    return ids.map((id) => found.get(id) ?? new NotFoundError(label, id));
  }, maxKeys);
}

/** The reads concurrent operations on one database share. */
interface SharedReads {
  allSyncs: SharedBatch<'all', Sync[]>;
  source: SharedBatch<string, Source>;
  destination: SharedBatch<string, Destination>;
  model: SharedBatch<string, Model>;
  sync: SharedBatch<string, Sync>;
  lastRun: SharedBatch<string, SyncRun | null>;
}

function createSharedReads(db: DataSource, maxKeys: number): SharedReads {
  return {
    allSyncs: new SharedBatch(async (keys) => {
      const syncs = await db.getRepository(Sync).find({ order: { createdAt: 'ASC' } });
      return keys.map(() => syncs);
    }),
    source: byId(db, Source, 'Source', maxKeys),
    destination: byId(db, Destination, 'Destination', maxKeys),
    model: byId(db, Model, 'Model', maxKeys),
    sync: byId(db, Sync, 'Sync', maxKeys),
    lastRun: new SharedBatch<string, SyncRun | null>(async (syncIds) => {
      const runs = await db
        .getRepository(SyncRun)
        .createQueryBuilder('run')
        .distinctOn(['run.syncId'])
        .where('run.syncId IN (:...syncIds)', { syncIds })
        .orderBy('run.syncId')
        .addOrderBy('run.seq', 'DESC')
        .getMany();
      const latest = new Map(runs.map((run) => [run.syncId, run]));
      return syncIds.map((syncId) => latest.get(syncId) ?? null);
    }, maxKeys),
  };
}

const sharedReadsOf = new WeakMap<DataSource, Map<number, SharedReads>>();

/** One set of shared reads per database and batch size (a process has one FERRY_LOADER_MAX_BATCH). */
function sharedReads(db: DataSource, maxKeys: number): SharedReads {
  let bySize = sharedReadsOf.get(db);
  if (!bySize) sharedReadsOf.set(db, (bySize = new Map()));
  let reads = bySize.get(maxKeys);
  if (!reads) bySize.set(maxKeys, (reads = createSharedReads(db, maxKeys)));
  return reads;
}

/** A per-operation DataLoader over a shared batch: operations share the rows, which resolvers only read. */
function perOperation<V>(shared: SharedBatch<string, V>, maxBatchSize: number): DataLoader<string, V> {
  return new DataLoader<string, V>((keys) => shared.loadMany(keys), { cache: false, maxBatchSize });
}

/**
 * `maxBatchSize` (FERRY_LOADER_MAX_BATCH) bounds the ids of one operation's batch and of one database query (the
 * batches of concurrent operations that go out together are split again), however many a request asks for.
 */
export function createLoaders(db: DataSource, scheduler: SyncScheduler, maxBatchSize = 500): Loaders {
  const shared = sharedReads(db, maxBatchSize);
  return {
    allSyncs: () => shared.allSyncs.load('all'),
    source: perOperation(shared.source, maxBatchSize),
    destination: perOperation(shared.destination, maxBatchSize),
    model: perOperation(shared.model, maxBatchSize),
    sync: perOperation(shared.sync, maxBatchSize),
    lastRun: perOperation(shared.lastRun, maxBatchSize),
    nextRunAt: new DataLoader<Sync, Date | null, string>((syncs) => scheduler.nextRunsAt(syncs), {
      cache: false,
      cacheKeyFn: (sync) => sync.id,
      maxBatchSize,
    }),
  };
}

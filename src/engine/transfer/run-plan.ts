import { openDestination, openSource } from '../plugin-calls/open-endpoint';
import { Destination, Model, Source, Sync } from '../../entities';
import { FailedPreconditionError } from '../../errors';
import type { Ferry } from '../../ferry';
import type { DestinationLimits, DestinationObject, DestinationPlugin, PluginContext, SourcePlugin } from '../../plugins/contract';
import { destinationContext } from '../plugin-calls/destination-context';
import type { RateLimiter } from '../http';
import { RecordMapper } from './mapping';
import { RecordHasher } from '../snapshot/record-hash';
import { sourceDispatcher } from '../plugin-calls/source-context';
import { RunFailedError, errorMessage } from '../run/run-errors';
import { cachedObjects } from '../plugin-calls/objects-cache';

/** Everything a run (or a preview) needs, loaded and checked once before the first row is read. */
export interface RunPlan {
  sync: Sync;
  model: Model;
  source: { name: string; plugin: SourcePlugin; config: Record<string, unknown>; ctx: PluginContext };
  destination: {
    name: string;
    plugin: DestinationPlugin;
    config: Record<string, unknown>;
    ctx: PluginContext;
    limits: DestinationLimits;
    object: DestinationObject;
  };
  mapper: RecordMapper;
  hasher: RecordHasher;
}

export type PlanFerry = Pick<Ferry, 'db' | 'registry' | 'secrets' | 'logger' | 'metrics'>;

async function load<T extends Sync | Model | Source | Destination>(ferry: PlanFerry, entity: new () => T, label: string, id: string): Promise<T> {
  const found = await ferry.db.getRepository<T>(entity).findOneBy({ id } as never);
  if (!found) throw new FailedPreconditionError(`The sync's ${label} "${id}" no longer exists: edit or recreate the sync`);
  return found;
}

/**
 * The sync, its model, source and destination, the destination object (discovered live) and the mapper. `signal`
 * stops everything; `readSignal` (by default the same) stops reading the model, which may be abandoned sooner
 * than a write because it changes nothing.
 */
export async function loadRunPlan(
  ferry: PlanFerry,
  syncId: string,
  limiter: RateLimiter,
  signal: AbortSignal,
  readSignal = signal,
): Promise<RunPlan> {
  const sync = await load(ferry, Sync, 'sync', syncId);
  const model = await load(ferry, Model, 'model', sync.modelId);
  const sourceRow = await load(ferry, Source, 'source', model.sourceId);
  const destinationRow = await load(ferry, Destination, 'destination', sync.destinationId);
  const source = openSource(ferry, sourceRow);
  const destination = openDestination(ferry, destinationRow);
  const destinationName = `destination "${destinationRow.name}" (${destination.plugin.name})`;

  let limits: DestinationLimits;
  try {
    limits = destination.plugin.limits(destination.config);
  } catch (error) {
    throw new RunFailedError(`The ${destinationName} has an unusable configuration: ${errorMessage(error)}; fix it with updateDestination`);
  }
  const ctx = destinationContext(ferry, limiter, limits, signal);
  let objects: DestinationObject[];
  try {
    objects = await cachedObjects(destinationRow, () => destination.plugin.objects(destination.config, ctx));
  } catch (error) {
    if (signal.aborted) throw signal.reason;
    throw new RunFailedError(`Could not load the objects of the ${destinationName}: ${errorMessage(error)}`);
  }
  const object = objects.find((candidate) => candidate.key === sync.object);
  if (!object) {
    throw new FailedPreconditionError(
      `The ${destinationName} no longer has the object "${sync.object}": recreate the sync with one of ${objects.map((o) => `"${o.key}"`).join(', ')}`,
    );
  }
  const mapper = new RecordMapper(sync, object, (field, value) => destination.plugin.coerce(field, value));
  const identity = {
    object: sync.object,
    behavior: sync.behavior,
    syncKey: sync.syncKey,
    // Sorted, so listing the same mappings in another order does not count as a change.
    mappings: sync.mappings.map((m) => ({ from: m.from ?? null, constant: m.constant ?? null, to: m.to })).sort((a, b) => a.to.localeCompare(b.to)),
  };
  const hasher = new RecordHasher(identity, mapper.fieldKeys);
  return {
    sync,
    model,
    source: {
      name: `source "${sourceRow.name}" (${source.plugin.name})`,
      plugin: source.plugin,
      config: source.config,
      ctx: {
        logger: ferry.logger,
        signal: readSignal,
        http: sourceDispatcher(ferry.logger, limiter, source.plugin.limits?.(source.config as never), readSignal),
        session: new Map(),
      },
    },
    destination: { name: destinationName, plugin: destination.plugin, config: destination.config, ctx, limits, object },
    mapper,
    hasher,
  };
}

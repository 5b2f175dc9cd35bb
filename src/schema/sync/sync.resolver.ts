import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { In } from 'typeorm';
import { FailedPreconditionError } from '../../errors';
import { Destination, Model, RunStatus, Schedule, Sync, SyncRun } from '../../entities';
import { syncsAfter } from '../../engine/schedule/scheduled-syncs';
import { discoverObjects } from '../destination/discover-objects';
import type { Ferry } from '../../ferry';
import type { GraphQLContext } from '../context';
import { findOrFail } from '../shared/find-or-fail';
import { refuseWhileUsed } from '../shared/in-use';
import { requireName } from '../shared/require-name';
import { SyncRunPage } from '../run/run-page.type';
import { syncRunsPage } from '../run/run-pages';
import { saveWithCycleCheck, validateSchedule } from './schedule-validation';
import { SyncInput, SyncUpdateInput } from './sync.input';
import { checkAgainstModel, validateSyncShape, type SyncShape } from './sync-validation';
import { InputProblems } from '../shared/input-problems';
import { SyncPreviewType } from './sync-preview.type';
import { boundedSyncPreview } from './sync-preview';
import { validateChangeGuard } from './change-guard-validation';

/** Checks the shape against the model first (no network), then against the destination's objects (discovered live). */
async function checkedShape(ferry: Ferry, model: Model, destination: Destination, shape: SyncShape) {
  return validateSyncShape(shape, model, await discoverObjects(ferry, destination));
}

@Resolver(() => Sync)
export class SyncResolver {
  @Query(() => [Sync])
  syncs(@Ctx() { loaders }: GraphQLContext): Promise<Sync[]> {
    return loaders.allSyncs();
  }

  @Query(() => Sync, { nullable: true })
  sync(@Arg('id', () => ID) id: string, @Ctx() { ferry }: GraphQLContext): Promise<Sync | null> {
    return findOrFail(ferry.db, Sync, 'Sync', id);
  }

  @Query(() => SyncPreviewType, { description: 'Dry run: what the next run would send, without writing to the destination.' })
  async previewSync(
    @Arg('id', () => ID) id: string,
    @Arg('limit', () => Int, { defaultValue: 20, nullable: true }) limit: number | null,
    @Ctx() request: GraphQLContext,
    @Arg('fullResync', () => Boolean, {
      defaultValue: false,
      description: 'Preview a full resync (triggerSync with fullResync): every valid row counts as one to send.',
    })
    fullResync: boolean,
  ): Promise<SyncPreviewType> {
    const sync = await findOrFail(request.ferry.db, Sync, 'Sync', id);
    return boundedSyncPreview(request, sync, limit ?? 20, fullResync);
  }

  @FieldResolver(() => Model)
  model(@Root() sync: Sync, @Ctx() { loaders }: GraphQLContext): Promise<Model> {
    return loaders.model.load(sync.modelId);
  }

  @FieldResolver(() => Destination)
  destination(@Root() sync: Sync, @Ctx() { loaders }: GraphQLContext): Promise<Destination> {
    return loaders.destination.load(sync.destinationId);
  }

  @FieldResolver(() => SyncRun, { nullable: true })
  lastRun(@Root() sync: Sync, @Ctx() { loaders }: GraphQLContext): Promise<SyncRun | null> {
    return loaders.lastRun.load(sync.id);
  }

  @FieldResolver(() => SyncRunPage, { description: 'Newest first.' })
  runs(
    @Root() sync: Sync,
    @Arg('first', () => Int, { defaultValue: 20, nullable: true }) first: number | null,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Ctx() { ferry }: GraphQLContext,
  ): Promise<SyncRunPage> {
    return syncRunsPage(ferry.db, sync.id, first ?? 20, after);
  }

  @FieldResolver(() => Date, {
    nullable: true,
    description: 'When the scheduler will next run this sync; null when it runs only on demand, after another sync, or is paused.',
  })
  nextRunAt(@Root() sync: Sync, @Ctx() { loaders }: GraphQLContext): Promise<Date | null> {
    return loaders.nextRunAt.load(sync);
  }

  @Mutation(() => Sync)
  async createSync(@Arg('input', () => SyncInput) input: SyncInput, @Ctx() { ferry }: GraphQLContext): Promise<Sync> {
    const model = await findOrFail(ferry.db, Model, 'Model', input.modelId);
    const destination = await findOrFail(ferry.db, Destination, 'Destination', input.destinationId);
    // Everything the input itself gets wrong is reported at once, before the destination is asked anything.
    const problems = new InputProblems();
    const schedule = await problems.check(() => validateSchedule(ferry.db, input.schedule, null, ferry.config.FERRY_MIN_INTERVAL_SECONDS));
    const name = await problems.check(() => (input.name ? requireName(input.name) : `${model.name} → ${destination.name} ${input.object}`));
    const changeGuard = await problems.check(() => validateChangeGuard(input.changeGuard));
    checkAgainstModel(input, model, (error) => problems.add(error));
    problems.throwIfAny();
    const { syncKey, mappings } = await checkedShape(ferry, model, destination, input);
    const sync = await ferry.db.getRepository(Sync).save({
      name: name!,
      modelId: model.id,
      destinationId: destination.id,
      object: input.object,
      behavior: input.behavior,
      syncKey,
      mappings,
      schedule: schedule!,
      paused: input.paused ?? false,
      changeGuard: changeGuard ?? null,
    });
    await ferry.scheduler.syncChanged(sync);
    return sync;
  }

  @Mutation(() => Sync)
  async updateSync(
    @Arg('id', () => ID) id: string,
    @Arg('input', () => SyncUpdateInput) input: SyncUpdateInput,
    @Ctx() { ferry }: GraphQLContext,
  ): Promise<Sync> {
    const sync = await findOrFail(ferry.db, Sync, 'Sync', id);
    const problems = new InputProblems();
    const name = input.name !== undefined && input.name !== null ? await problems.check(() => requireName(input.name!)) : undefined;
    const schedule = input.schedule
      ? await problems.check(() => validateSchedule(ferry.db, input.schedule!, sync.id, ferry.config.FERRY_MIN_INTERVAL_SECONDS))
      : undefined;
    const changeGuard = input.changeGuard !== undefined ? await problems.check(() => validateChangeGuard(input.changeGuard)) : undefined;
    const reshaped = Boolean(input.behavior || input.syncKey || input.mappings);
    const shape: SyncShape = {
      object: sync.object,
      behavior: input.behavior ?? sync.behavior,
      syncKey: input.syncKey ?? sync.syncKey,
      mappings: input.mappings ?? sync.mappings,
    };
    const model = reshaped ? await findOrFail(ferry.db, Model, 'Model', sync.modelId) : null;
    if (model) checkAgainstModel(shape, model, (error) => problems.add(error));
    problems.throwIfAny();
    if (name !== undefined) sync.name = name;
    if (model) {
      const destination = await findOrFail(ferry.db, Destination, 'Destination', sync.destinationId);
      Object.assign(sync, { behavior: shape.behavior }, await checkedShape(ferry, model, destination, shape));
    }
    if (schedule) sync.schedule = schedule;
    if (input.paused !== undefined && input.paused !== null) sync.paused = input.paused;
    if (changeGuard !== undefined) sync.changeGuard = changeGuard;
    const saved = await saveWithCycleCheck(ferry.db, sync);
    await ferry.scheduler.syncChanged(saved);
    return saved;
  }

  @Mutation(() => ID)
  async deleteSync(@Arg('id', () => ID) id: string, @Ctx() { ferry }: GraphQLContext): Promise<string> {
    const sync = await findOrFail(ferry.db, Sync, 'Sync', id);
    refuseWhileUsed(`Sync "${sync.name}"`, await syncsAfter(ferry.db, sync.id, { unpausedOnly: false }), 'AFTER_SYNC sync');
    const active = await ferry.db.getRepository(SyncRun).findOneBy({ syncId: sync.id, status: In([RunStatus.QUEUED, RunStatus.RUNNING]) });
    if (active) {
      throw new FailedPreconditionError(
        `Sync "${sync.name}" has a ${active.status.toLowerCase()} run (${active.id}): cancel it with cancelSyncRun, then delete the sync`,
      );
    }
    await ferry.db.getRepository(Sync).delete(sync.id);
    await ferry.scheduler.syncDeleted(sync.id);
    return sync.id;
  }
}

import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root, Subscription } from 'type-graphql';
import { RunTrigger, Sync, SyncRun } from '../../entities';
import type { GraphQLContext } from '../context';
import { NotFoundError } from '../../errors';
import { findOrFail, isUuid } from '../shared/find-or-fail';
import { RejectedRowPage } from './run-page.type';
import { rejectedRowsPage } from './run-pages';
import { runUpdates, syncRunsUpdates } from './run-updates';

@Resolver(() => SyncRun)
export class RunResolver {
  @Query(() => SyncRun, { nullable: true })
  syncRun(@Arg('id', () => ID) id: string, @Ctx() { ferry }: GraphQLContext): Promise<SyncRun | null> {
    return findOrFail(ferry.db, SyncRun, 'SyncRun', id);
  }

  @FieldResolver(() => Sync)
  sync(@Root() run: SyncRun, @Ctx() { loaders }: GraphQLContext): Promise<Sync> {
    return loaders.sync.load(run.syncId);
  }

  @FieldResolver(() => RejectedRowPage)
  rejectedRows(
    @Root() run: SyncRun,
    @Arg('first', () => Int, { defaultValue: 50, nullable: true }) first: number | null,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Ctx() { ferry }: GraphQLContext,
  ): Promise<RejectedRowPage> {
    return rejectedRowsPage(ferry.db, run.id, first ?? 50, after);
  }

  @Mutation(() => SyncRun, { description: 'Queue a run now. fullResync sends every row, not only the changed ones.' })
  async triggerSync(
    @Arg('id', () => ID) id: string,
    @Arg('fullResync', () => Boolean, { defaultValue: false, nullable: true }) fullResync: boolean | null,
    @Arg('force', () => Boolean, { defaultValue: false, nullable: true, description: 'Lets one run through its change guard.' })
    force: boolean | null,
    @Ctx() { ferry }: GraphQLContext,
  ): Promise<SyncRun> {
    // An unknown sync is NOT_FOUND from the run's insert itself: one round trip fewer than looking it up first.
    if (!isUuid(id)) throw new NotFoundError('Sync', id);
    return ferry.runner.trigger(id, { fullResync: fullResync ?? false, force: force ?? false, trigger: RunTrigger.MANUAL });
  }

  @Mutation(() => SyncRun)
  async cancelSyncRun(@Arg('id', () => ID) id: string, @Ctx() { ferry }: GraphQLContext): Promise<SyncRun> {
    const run = await findOrFail(ferry.db, SyncRun, 'SyncRun', id);
    return ferry.runner.cancel(run.id);
  }

  @Subscription(() => SyncRun, {
    description: 'Emits the run on every state or progress change; the stream completes after a terminal status.',
    subscribe: ({ args, context }) => runUpdates((context as GraphQLContext).ferry, args.runId as string),
  })
  syncRunUpdated(@Root() run: SyncRun, @Arg('runId', () => ID) _runId: string): SyncRun {
    return run;
  }

  @Subscription(() => SyncRun, {
    description: 'Emits every run change, of one sync or of all.',
    subscribe: ({ args, context }) => syncRunsUpdates((context as GraphQLContext).ferry, (args.syncId as string | null) ?? null),
  })
  syncRunsUpdated(@Root() run: SyncRun, @Arg('syncId', () => ID, { nullable: true }) _syncId: string | null): SyncRun {
    return run;
  }
}

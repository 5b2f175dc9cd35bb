import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { ConnectionError } from '../../errors';
import { ConnectionTest, Destination, Sync } from '../../entities';
import { apiPluginContext, openDestination } from '../../connections/open-connection';
import type { DestinationObject } from '../../plugins/contract';
import type { GraphQLContext } from '../context';
import { findOrFail } from '../shared/find-or-fail';
import { refuseWhileUsed } from '../shared/in-use';
import { JSONObject } from '../shared/scalars';
import { mergedConfig, recordConnectionTest, requireName, sealedConfig, visibleConfig } from '../shared/stored-connection';
import { DestinationObjectType } from './destination-object.type';
import { DestinationInput, DestinationUpdateInput } from './destination.input';

@Resolver(() => Destination)
export class DestinationResolver {
  @Query(() => [Destination])
  destinations(@Ctx() { ferry }: GraphQLContext): Promise<Destination[]> {
    return ferry.db.getRepository(Destination).find({ order: { createdAt: 'ASC' } });
  }

  @Query(() => Destination, { nullable: true })
  destination(@Arg('id', () => ID) id: string, @Ctx() { ferry }: GraphQLContext): Promise<Destination | null> {
    return findOrFail(ferry.db, Destination, 'Destination', id);
  }

  @FieldResolver(() => JSONObject, { description: 'The config with every secret replaced by null; secrets are write-only.' })
  config(@Root() destination: Destination, @Ctx() { ferry }: GraphQLContext): Record<string, unknown> {
    return visibleConfig(ferry.registry.destination(destination.type), destination);
  }

  @FieldResolver(() => [DestinationObjectType], {
    description: 'Discovered live from the destination (custom fields and custom objects included).',
  })
  async objects(@Root() destination: Destination, @Ctx() { ferry }: GraphQLContext): Promise<DestinationObject[]> {
    const { plugin, config } = openDestination(ferry, destination);
    try {
      return await plugin.objects(config, apiPluginContext(ferry));
    } catch (error) {
      if (error instanceof ConnectionError) throw error;
      throw new ConnectionError(`Could not read the objects of destination "${destination.name}": ${(error as Error).message}`);
    }
  }

  @Mutation(() => Destination)
  async createDestination(@Arg('input', () => DestinationInput) input: DestinationInput, @Ctx() { ferry }: GraphQLContext): Promise<Destination> {
    const name = requireName(input.name);
    const plugin = ferry.registry.destination(input.type, 'input.type');
    const sealed = sealedConfig(ferry, plugin, input.config);
    return ferry.db.getRepository(Destination).save({ name, type: plugin.id, ...sealed, lastTest: null });
  }

  @Mutation(() => Destination)
  async updateDestination(
    @Arg('id', () => ID) id: string,
    @Arg('input', () => DestinationUpdateInput) input: DestinationUpdateInput,
    @Ctx() { ferry }: GraphQLContext,
  ): Promise<Destination> {
    const destination = await findOrFail(ferry.db, Destination, 'Destination', id);
    const plugin = ferry.registry.destination(destination.type);
    if (input.name !== undefined && input.name !== null) destination.name = requireName(input.name);
    if (input.config) {
      Object.assign(destination, sealedConfig(ferry, plugin, mergedConfig(ferry, plugin, destination, input.config)));
      destination.lastTest = null;
    }
    return ferry.db.getRepository(Destination).save(destination);
  }

  @Mutation(() => ID)
  async deleteDestination(@Arg('id', () => ID) id: string, @Ctx() { ferry }: GraphQLContext): Promise<string> {
    const destination = await findOrFail(ferry.db, Destination, 'Destination', id);
    const syncs = await ferry.db.getRepository(Sync).find({ where: { destinationId: destination.id }, select: { id: true, name: true } });
    refuseWhileUsed(`Destination "${destination.name}"`, syncs, 'sync');
    await ferry.db.getRepository(Destination).delete(destination.id);
    return destination.id;
  }

  @Mutation(() => ConnectionTest)
  async testDestination(@Arg('id', () => ID) id: string, @Ctx() { ferry }: GraphQLContext): Promise<ConnectionTest> {
    const destination = await findOrFail(ferry.db, Destination, 'Destination', id);
    const { plugin, config } = openDestination(ferry, destination);
    return recordConnectionTest(ferry.db, destination, () => plugin.test(config, apiPluginContext(ferry)));
  }
}

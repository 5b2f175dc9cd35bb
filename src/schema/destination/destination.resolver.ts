import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { ConnectionError } from '../../errors';
import { Destination, Sync } from '../../entities';
import { apiPluginContext, openDestination } from '../../connections/open-connection';
import type { DestinationObject } from '../../plugins/contract';
import type { GraphQLContext } from '../context';
import { connectionResolver } from '../shared/connection.resolver';
import { DestinationObjectType } from './destination-object.type';

export const DestinationResolver = connectionResolver({
  entity: Destination,
  label: 'Destination',
  plugin: (ferry, type, field) => ferry.registry.destination(type, field),
  users: (ferry, id) => ferry.db.getRepository(Sync).find({ where: { destinationId: id }, select: { id: true, name: true } }),
  userKind: 'sync',
});

@Resolver(() => Destination)
export class DestinationObjectsResolver {
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
}

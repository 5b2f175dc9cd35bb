import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { Destination, Sync } from '../../entities';
import type { DestinationObject } from '../../plugins/contract';
import type { GraphQLContext } from '../context';
import { endpointResolver } from '../shared/endpoint.resolver';
import { discoverObjects } from './discover-objects';
import { DestinationObjectType } from './destination-object.type';

export const DestinationResolver = endpointResolver({
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
  objects(@Root() destination: Destination, @Ctx() { ferry }: GraphQLContext): Promise<DestinationObject[]> {
    return discoverObjects(ferry, destination, { fresh: true });
  }
}

import { Arg, Ctx, FieldResolver, Int, Resolver, Root } from 'type-graphql';
import { Model, Source } from '../../entities';
import type { SourceTable } from '../../plugins/contract';
import type { GraphQLContext } from '../context';
import { endpointResolver } from '../shared/endpoint.resolver';
import { SourceTableType } from './source-table.type';
import { sourceTables } from './source-tables';

export const SourceResolver = endpointResolver({
  entity: Source,
  label: 'Source',
  plugin: (ferry, type, field) => ferry.registry.source(type, field),
  users: (ferry, id) => ferry.db.getRepository(Model).find({ where: { sourceId: id }, select: { id: true, name: true } }),
  userKind: 'model',
});

@Resolver(() => Source)
export class SourceTablesResolver {
  @FieldResolver(() => [SourceTableType], { description: 'Tables the source offers, discovered live; empty for a source that has no tables.' })
  tables(
    @Root() source: Source,
    @Arg('search', () => String, { nullable: true }) search: string | null,
    @Arg('first', () => Int, { nullable: true, defaultValue: 100 }) first: number | null,
    @Ctx() context: GraphQLContext,
  ): Promise<SourceTable[]> {
    return sourceTables(context, source, search, first ?? 100);
  }
}

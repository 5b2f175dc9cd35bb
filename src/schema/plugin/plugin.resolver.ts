import { Arg, Ctx, Query, Resolver } from 'type-graphql';
import type { GraphQLContext } from '../context';
import { PluginInfo, PluginKind } from './plugin.type';

@Resolver(() => PluginInfo)
export class PluginResolver {
  @Query(() => [PluginInfo])
  plugins(@Arg('kind', () => PluginKind, { nullable: true }) kind: PluginKind | null, @Ctx() { ferry }: GraphQLContext): PluginInfo[] {
    const wanted = kind === PluginKind.SOURCE ? 'source' : kind === PluginKind.DESTINATION ? 'destination' : undefined;
    return ferry.registry.list(wanted).map(PluginInfo.of);
  }
}

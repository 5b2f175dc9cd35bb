import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { ConnectionTest, Model, Source } from '../../entities';
import { apiPluginContext, openSource } from '../../connections/open-connection';
import type { GraphQLContext } from '../context';
import { findOrFail } from '../shared/find-or-fail';
import { refuseWhileUsed } from '../shared/in-use';
import { JSONObject } from '../shared/scalars';
import { mergedConfig, recordConnectionTest, requireName, sealedConfig, visibleConfig } from '../shared/stored-connection';
import { SourceInput, SourceUpdateInput } from './source.input';

@Resolver(() => Source)
export class SourceResolver {
  @Query(() => [Source])
  sources(@Ctx() { ferry }: GraphQLContext): Promise<Source[]> {
    return ferry.db.getRepository(Source).find({ order: { createdAt: 'ASC' } });
  }

  @Query(() => Source, { nullable: true })
  source(@Arg('id', () => ID) id: string, @Ctx() { ferry }: GraphQLContext): Promise<Source | null> {
    return findOrFail(ferry.db, Source, 'Source', id);
  }

  @FieldResolver(() => JSONObject, { description: 'The config with every secret replaced by null; secrets are write-only.' })
  config(@Root() source: Source, @Ctx() { ferry }: GraphQLContext): Record<string, unknown> {
    return visibleConfig(ferry.registry.source(source.type), source);
  }

  @Mutation(() => Source)
  async createSource(@Arg('input', () => SourceInput) input: SourceInput, @Ctx() { ferry }: GraphQLContext): Promise<Source> {
    const name = requireName(input.name);
    const plugin = ferry.registry.source(input.type, 'input.type');
    const sealed = sealedConfig(ferry, plugin, input.config);
    return ferry.db.getRepository(Source).save({ name, type: plugin.id, ...sealed, lastTest: null });
  }

  @Mutation(() => Source)
  async updateSource(
    @Arg('id', () => ID) id: string,
    @Arg('input', () => SourceUpdateInput) input: SourceUpdateInput,
    @Ctx() { ferry }: GraphQLContext,
  ): Promise<Source> {
    const source = await findOrFail(ferry.db, Source, 'Source', id);
    const plugin = ferry.registry.source(source.type);
    if (input.name !== undefined && input.name !== null) source.name = requireName(input.name);
    if (input.config) {
      Object.assign(source, sealedConfig(ferry, plugin, mergedConfig(ferry, plugin, source, input.config)));
      source.lastTest = null;
    }
    return ferry.db.getRepository(Source).save(source);
  }

  @Mutation(() => ID)
  async deleteSource(@Arg('id', () => ID) id: string, @Ctx() { ferry }: GraphQLContext): Promise<string> {
    const source = await findOrFail(ferry.db, Source, 'Source', id);
    const models = await ferry.db.getRepository(Model).find({ where: { sourceId: source.id }, select: { id: true, name: true } });
    refuseWhileUsed(`Source "${source.name}"`, models, 'model');
    await ferry.db.getRepository(Source).delete(source.id);
    return source.id;
  }

  @Mutation(() => ConnectionTest)
  async testSource(@Arg('id', () => ID) id: string, @Ctx() { ferry }: GraphQLContext): Promise<ConnectionTest> {
    const source = await findOrFail(ferry.db, Source, 'Source', id);
    const { plugin, config } = openSource(ferry, source);
    return recordConnectionTest(ferry.db, source, () => plugin.test(config, apiPluginContext(ferry)));
  }
}

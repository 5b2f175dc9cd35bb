import type { Repository } from 'typeorm';
import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { FailedPreconditionError } from '../../errors';
import { Model, Source, Sync } from '../../entities';
import { modelQuery } from '../../entities/model-query';
import type { GraphQLContext } from '../context';
import { findOrFail } from '../shared/find-or-fail';
import { deleteUnlessReferenced, refuseWhileUsed } from '../shared/in-use';
import { requireName } from '../shared/require-name';
import { ModelInput, ModelUpdateInput } from './model.input';
import { modelDefinition } from './model-definition';
import { describeQuery, previewQuery } from './model-preview';
import { requireSql } from './require-sql';
import { ModelPreview } from './model-preview.type';

const quotedNames = (columns: string[]) => columns.map((c) => `"${c}"`).join(', ');

@Resolver(() => Model)
export class ModelResolver {
  @Query(() => [Model])
  models(@Ctx() { ferry }: GraphQLContext): Promise<Model[]> {
    return ferry.db.getRepository(Model).find({ order: { createdAt: 'ASC' } });
  }

  @Query(() => Model, { nullable: true })
  model(@Arg('id', () => ID) id: string, @Ctx() { ferry }: GraphQLContext): Promise<Model | null> {
    return findOrFail(ferry.db, Model, 'Model', id);
  }

  @Query(() => ModelPreview, { description: 'Run SQL against a source without saving a model.' })
  async previewQuery(
    @Arg('sourceId', () => ID) sourceId: string,
    @Arg('sql') sql: string,
    @Arg('limit', () => Int, { defaultValue: 20, nullable: true }) limit: number | null,
    @Ctx() context: GraphQLContext,
  ): Promise<ModelPreview> {
    const source = await findOrFail(context.ferry.db, Source, 'Source', sourceId);
    return previewQuery(context, source, { kind: 'sql', sql: requireSql(sql, 'sql') }, limit ?? 20);
  }

  @FieldResolver(() => String, {
    description: "The model's SQL; for a table model, the statement its source runs for the table (empty where the source has no SQL).",
  })
  async sql(@Root() model: Model, @Ctx() { ferry, loaders }: GraphQLContext): Promise<string> {
    if (model.sql !== null) return model.sql;
    const query = modelQuery(model);
    if (query.kind !== 'table') return '';
    const plugin = ferry.registry.find((await loaders.source.load(model.sourceId)).type);
    return plugin?.kind === 'source' && plugin.tableSql ? plugin.tableSql(query.table) : '';
  }

  @FieldResolver(() => Source)
  source(@Root() model: Model, @Ctx() { loaders }: GraphQLContext): Promise<Source> {
    return loaders.source.load(model.sourceId);
  }

  @FieldResolver(() => ModelPreview)
  async preview(
    @Root() model: Model,
    @Arg('limit', () => Int, { defaultValue: 20, nullable: true }) limit: number | null,
    @Ctx() context: GraphQLContext,
  ): Promise<ModelPreview> {
    return previewQuery(context, await context.loaders.source.load(model.sourceId), modelQuery(model), limit ?? 20);
  }

  @Mutation(() => Model)
  async createModel(@Arg('input', () => ModelInput) input: ModelInput, @Ctx() context: GraphQLContext): Promise<Model> {
    const { ferry } = context;
    const name = requireName(input.name);
    const source = await findOrFail(ferry.db, Source, 'Source', input.sourceId);
    const { sql, table, query, field } = modelDefinition(input, ferry.registry.source(source.type));
    const columns = await describeQuery(context, source, query, field);
    return ferry.db.getRepository(Model).save({ name, description: input.description ?? null, sourceId: source.id, sql, table, columns });
  }

  @Mutation(() => Model)
  async updateModel(
    @Arg('id', () => ID) id: string,
    @Arg('input', () => ModelUpdateInput) input: ModelUpdateInput,
    @Ctx() context: GraphQLContext,
  ): Promise<Model> {
    const { ferry } = context;
    const model = await findOrFail(ferry.db, Model, 'Model', id);
    if (input.name !== undefined && input.name !== null) model.name = requireName(input.name);
    if (input.description !== undefined) model.description = input.description;
    const changesWhatItReads = (input.sql !== undefined && input.sql !== null) || (input.table !== undefined && input.table !== null);
    if (changesWhatItReads) {
      const source = await findOrFail(ferry.db, Source, 'Source', model.sourceId);
      const definition = modelDefinition(input, ferry.registry.source(source.type));
      Object.assign(model, { sql: definition.sql, table: definition.table });
      model.columns = await describeQuery(context, source, definition.query, definition.field);
      await this.refuseLostColumns(ferry.db.getRepository(Sync), model, definition.field);
    }
    return ferry.db.getRepository(Model).save(model);
  }

  /** A new SQL or table must keep every column that the model's syncs read. */
  private async refuseLostColumns(syncs: Repository<Sync>, model: Model, field: string): Promise<void> {
    const names = new Set(model.columns.map((c) => c.name));
    for (const sync of await syncs.findBy({ modelId: model.id })) {
      const used = [sync.syncKey.column, ...sync.mappings.map((m) => m.from).filter((c): c is string => !!c)];
      const lost = [...new Set(used.filter((column) => !names.has(column)))];
      if (lost.length > 0) {
        throw new FailedPreconditionError(
          field === 'input.sql'
            ? `input.sql: the new SQL no longer returns column(s) ${quotedNames(lost)} used by sync "${sync.name}" (${sync.id}); keep them in the SELECT or change the sync first`
            : `input.table: the table has no column(s) ${quotedNames(lost)} used by sync "${sync.name}" (${sync.id}); pick a table that has them or change the sync first`,
        );
      }
    }
  }

  @Mutation(() => ID)
  async deleteModel(@Arg('id', () => ID) id: string, @Ctx() { ferry }: GraphQLContext): Promise<string> {
    const model = await findOrFail(ferry.db, Model, 'Model', id);
    const syncs = await ferry.db.getRepository(Sync).find({ where: { modelId: model.id }, select: { id: true, name: true } });
    refuseWhileUsed(`Model "${model.name}"`, syncs, 'sync');
    await deleteUnlessReferenced(ferry.db, Model, model.id, `Model "${model.name}"`);
    return model.id;
  }
}

import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { ClassType } from 'type-graphql';
import type { DeepPartial } from 'typeorm';
import { TestOutcome } from '../../entities';
import type { Ferry } from '../../ferry';
import { apiPluginContext } from '../../engine/plugin-calls/api-context';
import type { Plugin } from '../../plugins/contract';
import { openConfig } from '../../secrets/config-secrets';
import type { GraphQLContext } from '../context';
import { findOrFail } from './find-or-fail';
import { endpointInputs } from './endpoint.input';
import { deleteUnlessReferenced, refuseWhileUsed } from './in-use';
import { JSONObject } from './scalars';
import { mergedConfig, recordTestOutcome, sealedConfig, visibleConfig, type Endpoint } from './endpoint';
import { requireName } from './require-name';

export interface EndpointResolverOptions<T extends Endpoint> {
  entity: ClassType<T>;
  label: 'Source' | 'Destination';
  /** The plugin of a type, of this kind only; `field` names the input in a refusal. */
  plugin(ferry: Ferry, type: string, field?: string): Plugin;
  /** What still uses an endpoint (models of a source, syncs of a destination), and what they are called. */
  users(ferry: Ferry, id: string): Promise<Array<{ id: string; name: string }>>;
  userKind: string;
}

/**
 * Sources and destinations share one lifecycle: list, get, create, update (config merged, secrets kept),
 * delete (refused while used) and test. This builds that resolver for one of them.
 */
export function endpointResolver<T extends Endpoint>(options: EndpointResolverOptions<T>) {
  const { entity, label } = options;
  const plural = `${label.toLowerCase()}s`;
  const { EndpointInput, EndpointUpdateInput } = endpointInputs(label);
  type Input = InstanceType<typeof EndpointInput>;
  type UpdateInput = InstanceType<typeof EndpointUpdateInput>;
  const find = (ferry: Ferry, id: string) => findOrFail<T>(ferry.db, entity, label, id);

  @Resolver(() => entity)
  class EndpointResolver {
    @Query(() => [entity], { name: plural })
    list(@Ctx() { ferry }: GraphQLContext): Promise<T[]> {
      return ferry.db.getRepository(entity).find({ order: { createdAt: 'ASC' } as never });
    }

    @Query(() => entity, { name: label.toLowerCase(), nullable: true })
    one(@Arg('id', () => ID) id: string, @Ctx() { ferry }: GraphQLContext): Promise<T | null> {
      return find(ferry, id);
    }

    @FieldResolver(() => JSONObject, { description: 'The config with every secret replaced by null; secrets are write-only.' })
    config(@Root() stored: T, @Ctx() { ferry }: GraphQLContext): Record<string, unknown> {
      const plugin = ferry.registry.find(stored.type);
      // A plugin no longer loaded: its secrets are known to live only in the sealed part, so the rest can show.
      return plugin ? visibleConfig(plugin, stored) : stored.publicConfig;
    }

    @Mutation(() => entity, { name: `create${label}` })
    async create(@Arg('input', () => EndpointInput) input: Input, @Ctx() { ferry }: GraphQLContext): Promise<T> {
      const name = requireName(input.name);
      const plugin = options.plugin(ferry, input.type, 'input.type');
      const sealed = sealedConfig(ferry, plugin, input.config);
      const repository = ferry.db.getRepository<T>(entity);
      return repository.save(repository.create({ name, type: plugin.id, ...sealed, lastTest: null } as DeepPartial<T>));
    }

    @Mutation(() => entity, { name: `update${label}` })
    async update(
      @Arg('id', () => ID) id: string,
      @Arg('input', () => EndpointUpdateInput) input: UpdateInput,
      @Ctx() { ferry }: GraphQLContext,
    ): Promise<T> {
      const stored = await find(ferry, id);
      const plugin = options.plugin(ferry, stored.type);
      if (input.name !== undefined && input.name !== null) stored.name = requireName(input.name);
      if (input.config) {
        Object.assign(stored, sealedConfig(ferry, plugin, mergedConfig(ferry, plugin, stored, input.config)));
        stored.lastTest = null;
      }
      return ferry.db.getRepository<T>(entity).save(stored);
    }

    @Mutation(() => ID, { name: `delete${label}` })
    async remove(@Arg('id', () => ID) id: string, @Ctx() { ferry }: GraphQLContext): Promise<string> {
      const stored = await find(ferry, id);
      refuseWhileUsed(`${label} "${stored.name}"`, await options.users(ferry, stored.id), options.userKind);
      await deleteUnlessReferenced(ferry.db, entity, stored.id, `${label} "${stored.name}"`);
      return stored.id;
    }

    @Mutation(() => TestOutcome, { name: `test${label}` })
    async test(@Arg('id', () => ID) id: string, @Ctx() { ferry }: GraphQLContext): Promise<TestOutcome> {
      const stored = await find(ferry, id);
      const plugin = options.plugin(ferry, stored.type);
      const config = openConfig(stored, ferry.secrets);
      return recordTestOutcome(ferry.db, stored, () => plugin.test(config as never, apiPluginContext(ferry)));
    }
  }

  return EndpointResolver;
}

import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { ClassType } from 'type-graphql';
import type { DeepPartial } from 'typeorm';
import { TestOutcome } from '../../entities';
import type { Ferry } from '../../ferry';
import { apiTestContext } from '../../engine/plugin-calls/api-context';
import { ConnectionError } from '../../errors';
import type { Plugin } from '../../plugins/contract';
import { randomUUID } from 'node:crypto';
import { openEndpointConfig, type EndpointTable } from '../../secrets/endpoint-secrets';
import type { GraphQLContext } from '../context';
import { findOrFail } from './find-or-fail';
import { endpointInputs } from './endpoint.input';
import { deleteUnlessReferenced, refuseWhileUsed } from './in-use';
import { JSONObject } from './scalars';
import { mergedConfig, recordTestOutcome, sealedConfig, testOutcome, visibleConfig, type Endpoint } from './endpoint';
import { InputProblems } from './input-problems';
import { requireName } from './require-name';
import { refuseRedirectedSecrets } from '../../secrets/secret-bindings';
import { changedSecretNames, storedSecretNames } from '../../secrets/secret-comparison';
import { SecretComparisonLimit } from '../../secrets/secret-comparison-limit';

/**
 * Tests a config before it is stored: the outcome to keep as lastTest (null when the input said skipTest), or a
 * CONNECTION_FAILED refusal naming what failed, when it did.
 */
async function testBeforeSaving(
  ferry: Ferry,
  plugin: Plugin,
  config: Record<string, unknown>,
  what: string,
  skipTest: boolean | null | undefined,
): Promise<TestOutcome | null> {
  if (skipTest) return null;
  const outcome = await testOutcome(() => plugin.test(config as never, apiTestContext(ferry, plugin, config)), ferry.logger);
  if (!outcome.ok) {
    throw new ConnectionError(
      `${what} was not saved: the connection test failed: ${outcome.message?.replace(/\.?$/, '.')} Fix the config and try again, or save it untested with skipTest: true.`,
    );
  }
  return outcome;
}

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
  const table = plural as EndpointTable;
  const comparisons = new SecretComparisonLimit();
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

    @FieldResolver(() => [String], { description: 'Names of the secrets that have a stored value (never the values).' })
    storedSecrets(@Root() stored: T, @Ctx() { ferry }: GraphQLContext): string[] {
      return storedSecretNames(options.plugin(ferry, stored.type), table, stored, ferry.secrets);
    }

    @FieldResolver(() => [String], {
      description:
        'Of the secrets `config` gives, those whose value differs from the stored one (for tools that apply a configuration: nothing stored is shown). At most 20 times a minute per source or destination (TOO_MANY_REQUESTS beyond), so it cannot be used to guess a secret.',
    })
    changedSecrets(@Root() stored: T, @Arg('config', () => JSONObject) config: Record<string, unknown>, @Ctx() { ferry }: GraphQLContext): string[] {
      comparisons.take(stored.id, `${label.toLowerCase()} "${stored.name}"`);
      return changedSecretNames(options.plugin(ferry, stored.type), table, stored, ferry.secrets, config);
    }

    @Mutation(() => entity, { name: `create${label}` })
    async create(@Arg('input', () => EndpointInput) input: Input, @Ctx() { ferry }: GraphQLContext): Promise<T> {
      // Every problem of the input itself, at once, before the connection is tried.
      const problems = new InputProblems();
      const name = await problems.check(() => requireName(input.name));
      const plugin = await problems.check(() => options.plugin(ferry, input.type, 'input.type'));
      const config = plugin ? await problems.check(() => ferry.registry.parseConfig(plugin, input.config, 'input.config')) : undefined;
      problems.throwIfAny();
      const lastTest = await testBeforeSaving(ferry, plugin!, config!, `${label} "${name}"`, input.skipTest);
      const repository = ferry.db.getRepository<T>(entity);
      // The id is chosen here: the secrets are sealed to it.
      const id = randomUUID();
      return repository.save(
        repository.create({ id, name, type: plugin!.id, ...sealedConfig(ferry, plugin!, config, table, id), lastTest } as DeepPartial<T>),
      );
    }

    @Mutation(() => entity, { name: `update${label}` })
    async update(
      @Arg('id', () => ID) id: string,
      @Arg('input', () => EndpointUpdateInput) input: UpdateInput,
      @Ctx() { ferry }: GraphQLContext,
    ): Promise<T> {
      const stored = await find(ferry, id);
      const plugin = options.plugin(ferry, stored.type);
      const problems = new InputProblems();
      const name = input.name !== undefined && input.name !== null ? await problems.check(() => requireName(input.name!)) : undefined;
      const config = input.config
        ? await problems.check(() => ferry.registry.parseConfig(plugin, mergedConfig(ferry, plugin, table, stored, input.config!), 'input.config'))
        : undefined;
      if (config)
        await problems.check(() => refuseRedirectedSecrets(plugin, `${label} "${stored.name}"`, stored.publicConfig, config, input.config!));
      problems.throwIfAny();
      if (config) {
        // Nothing of the update is stored when the new config does not connect.
        stored.lastTest = await testBeforeSaving(ferry, plugin, config, `${label} "${name ?? stored.name}"`, input.skipTest);
        Object.assign(stored, sealedConfig(ferry, plugin, config, table, stored.id));
      }
      if (name !== undefined) stored.name = name;
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
      const config = openEndpointConfig(table, stored, ferry.secrets);
      return recordTestOutcome(ferry.db, stored, () => plugin.test(config as never, apiTestContext(ferry, plugin, config)), ferry.logger);
    }
  }

  return EndpointResolver;
}

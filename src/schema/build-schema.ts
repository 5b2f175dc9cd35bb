import 'reflect-metadata';
import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import { buildSchema, type PubSub } from 'type-graphql';
import { NotificationDeliveryResolver, NotificationRuleResolver } from './alert/notification-rule.resolver';
import { DestinationObjectsResolver, DestinationResolver } from './destination/destination.resolver';
import { ModelResolver } from './model/model.resolver';
import { PluginResolver } from './plugin/plugin.resolver';
import { RunResolver } from './run/run.resolver';
import { DateTime } from './shared/scalars';
import { SourceResolver, SourceTablesResolver } from './source/source.resolver';
import { SyncResolver } from './sync/sync.resolver';
import { TokenResolver } from './token/token.resolver';

const resolvers = [
  PluginResolver,
  SourceResolver,
  SourceTablesResolver,
  DestinationResolver,
  DestinationObjectsResolver,
  ModelResolver,
  SyncResolver,
  RunResolver,
  TokenResolver,
  NotificationRuleResolver,
  NotificationDeliveryResolver,
] as const;

/**
 * Every subscription brings its own `subscribe` (fed by PostgreSQL LISTEN, see events/run-events.ts), but type-graphql
 * insists on a PubSub for topic-based ones; none exists, so using one is a programming error.
 */
const noTopicPubSub: PubSub = {
  publish: () => {
    throw new Error('Ferry has no topic-based subscriptions: publish run changes with publishRunChange()');
  },
  subscribe: () => {
    throw new Error('Ferry has no topic-based subscriptions: give @Subscription a subscribe function');
  },
};

let built: Promise<GraphQLSchema> | null = null;

/** The GraphQL schema, built once from the resolver classes. */
export function ferrySchema(): Promise<GraphQLSchema> {
  built ??= buildSchema({
    resolvers,
    scalarsMap: [{ type: Date, scalar: DateTime }],
    validate: false,
    pubSub: noTopicPubSub,
  });
  return built;
}

/** The SDL committed as schema.graphql. */
export async function printFerrySchema(): Promise<string> {
  return `${printSchema(lexicographicSortSchema(await ferrySchema()))}\n`;
}

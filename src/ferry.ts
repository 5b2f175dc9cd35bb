import type { DataSource } from 'typeorm';
import type { Config } from './config';
import type { SyncRunner } from './engine/sync-runner';
import type { SyncScheduler } from './engine/sync-scheduler';
import type { Logger } from './plugins/contract';
import type { PluginRegistry } from './plugins/registry';
import type { RunEvents } from './schema/pubsub';
import type { SecretBox } from './secrets/secret-box';

/** What a running Ferry is made of, handed to resolvers (through the GraphQL context) and to the engine. */
export interface Ferry {
  config: Config;
  db: DataSource;
  registry: PluginRegistry;
  secrets: SecretBox;
  logger: Logger;
  runEvents: RunEvents;
  runner: SyncRunner;
  scheduler: SyncScheduler;
}

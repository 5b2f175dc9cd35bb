import type { DataSource } from 'typeorm';
import type { Dispatcher } from 'undici';
import type { Config } from './config';
import type { EngineMetrics } from './engine/engine-metrics';
import type { SyncRunner } from './engine/queue/sync-runner';
import type { SyncScheduler } from './engine/schedule/sync-scheduler';
import type { DestinationLimits, Logger, SourceLimits } from './plugins/contract';
import type { PluginRegistry } from './plugins/registry';
import type { RunEvents } from './events/run-events';
import type { SecretBox } from './secrets/secret-box';
import type { TokenEvents } from './events/token-events';
import type { TokenCache } from './schema/token-cache';

/** What a running Ferry is made of, handed to resolvers (through the GraphQL context) and to the engine. */
export interface Ferry {
  config: Config;
  db: DataSource;
  registry: PluginRegistry;
  secrets: SecretBox;
  logger: Logger;
  runEvents: RunEvents;
  /** Stored-token checks, cached in process and dropped on revocation. */
  tokens: TokenCache;
  /** Token revocations heard from every process (LISTEN), and those of this one. */
  tokenEvents: TokenEvents;
  /** Runs and destination requests of this process, counted for GET /metrics. */
  metrics: EngineMetrics;
  runner: SyncRunner;
  scheduler: SyncScheduler;
  /**
   * HTTP for the API's own destination calls (discovery, tests), through the engine's rate limiter and retry
   * policy, so they share the account's budget with runs. Absent where no engine runs: calls then go direct.
   */
  destinationHttp?(limits: DestinationLimits, signal: AbortSignal): Dispatcher;
  /** The same for sources that declare `limits()` (e.g. Google Sheets' read quota): their API calls share the runs' budget. */
  sourceHttp?(limits: SourceLimits, signal: AbortSignal): Dispatcher;
}

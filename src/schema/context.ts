import type { Ferry } from '../ferry';
import { createLoaders, type Loaders } from './loaders';

/** The GraphQL context: requests reach resolvers only after authentication. */
export interface GraphQLContext {
  ferry: Ferry;
  /** Batched loading for nested fields, one set per operation. */
  loaders: Loaders;
  /** Aborted when the client goes away (the HTTP request or the WebSocket closes): plugin calls it started stop. */
  signal: AbortSignal;
  /** Plugin calls this request started so far (FERRY_MAX_PLUGIN_CALLS_PER_REQUEST). */
  pluginCalls: number;
}

/** A fresh context for one operation. */
export function createContext(ferry: Ferry, signal: AbortSignal = new AbortController().signal): GraphQLContext {
  return { ferry, loaders: createLoaders(ferry.db, ferry.scheduler, ferry.config.FERRY_LOADER_MAX_BATCH), signal, pluginCalls: 0 };
}

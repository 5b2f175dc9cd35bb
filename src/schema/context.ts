import type { Ferry } from '../ferry';
import { createLoaders, type Loaders } from './loaders';

/** The GraphQL context: requests reach resolvers only after authentication. */
export interface GraphQLContext {
  ferry: Ferry;
  /** Batched loading for nested fields, one set per operation. */
  loaders: Loaders;
}

/** A fresh context for one operation. */
export function createContext(ferry: Ferry): GraphQLContext {
  return { ferry, loaders: createLoaders(ferry.db, ferry.scheduler, ferry.config.FERRY_LOADER_MAX_BATCH) };
}

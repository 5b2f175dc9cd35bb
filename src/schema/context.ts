import type { Ferry } from '../ferry';

/** The GraphQL context: requests reach resolvers only after authentication. */
export interface GraphQLContext {
  ferry: Ferry;
}

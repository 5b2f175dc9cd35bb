import { Arg, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import { ApiToken } from '../../entities';
import { BadUserInputError } from '../../errors';
import { createApiToken } from '../auth';
import type { GraphQLContext } from '../context';
import { requireName } from '../shared/require-name';
import { CreatedApiToken } from './created-api-token.type';
import { listApiTokens, revokeApiToken } from './token-store';

@Resolver(() => ApiToken)
export class TokenResolver {
  @Query(() => [ApiToken], { description: 'API tokens, without their secret values.' })
  apiTokens(@Ctx() { ferry }: GraphQLContext): Promise<ApiToken[]> {
    return listApiTokens(ferry.db);
  }

  @Mutation(() => CreatedApiToken, { description: "The token's value is in the answer once and never again." })
  async createApiToken(
    @Arg('name', () => String) name: string,
    @Arg('expiresAt', () => Date, { nullable: true }) expiresAt: Date | null | undefined,
    @Ctx() { ferry }: GraphQLContext,
  ): Promise<CreatedApiToken> {
    const tokenName = requireName(name, 'name');
    if (expiresAt && expiresAt.getTime() <= Date.now()) {
      throw new BadUserInputError('expiresAt: must be in the future (leave it out for a token that does not expire)', 'expiresAt');
    }
    return createApiToken(ferry.db, tokenName, expiresAt ?? null);
  }

  @Mutation(() => ApiToken, { description: 'Stops the token at once, on HTTP and on the WebSockets it opened.' })
  async revokeApiToken(@Arg('id', () => ID) id: string, @Ctx() { ferry }: GraphQLContext): Promise<ApiToken> {
    const revoked = await revokeApiToken(ferry.db, id);
    // This process stops it now, before PostgreSQL echoes the NOTIFY back.
    ferry.tokenEvents.emit(revoked.id);
    return revoked;
  }
}

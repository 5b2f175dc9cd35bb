import { Field, ObjectType } from 'type-graphql';
import { ApiToken } from '../../entities';

@ObjectType('CreatedApiToken')
export class CreatedApiToken {
  @Field(() => ApiToken)
  apiToken: ApiToken;

  @Field({ description: 'The bearer token; shown once.' })
  token: string;
}

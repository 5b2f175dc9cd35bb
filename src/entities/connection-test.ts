import { Field, ObjectType } from 'type-graphql';

@ObjectType('ConnectionTest')
export class ConnectionTest {
  @Field()
  ok: boolean;

  @Field(() => String, { nullable: true, description: 'Why the test failed, in words a user can act on.' })
  message: string | null;

  @Field()
  testedAt: Date;
}

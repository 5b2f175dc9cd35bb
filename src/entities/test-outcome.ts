import { Field, ObjectType } from 'type-graphql';

/** How the last test of a source or destination went (`lastTest`); its GraphQL name, ConnectionTest, is public. */
@ObjectType('ConnectionTest')
export class TestOutcome {
  @Field()
  ok: boolean;

  @Field(() => String, { nullable: true, description: 'Why the test failed, in words a user can act on.' })
  message: string | null;

  @Field()
  testedAt: Date;
}

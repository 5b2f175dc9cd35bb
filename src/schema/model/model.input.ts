import { Field, ID, InputType } from 'type-graphql';

@InputType('ModelInput')
export class ModelInput {
  @Field()
  name: string;

  @Field(() => String, { nullable: true })
  description?: string | null;

  @Field(() => ID)
  sourceId: string;

  @Field()
  sql: string;
}

@InputType('ModelUpdateInput')
export class ModelUpdateInput {
  @Field(() => String, { nullable: true })
  name?: string | null;

  @Field(() => String, { nullable: true })
  description?: string | null;

  @Field(() => String, { nullable: true })
  sql?: string | null;
}

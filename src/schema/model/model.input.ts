import { Field, ID, InputType } from 'type-graphql';

@InputType('ModelInput', { description: 'A model reads either `sql` or `table`: give exactly one of them.' })
export class ModelInput {
  @Field()
  name: string;

  @Field(() => String, { nullable: true })
  description?: string | null;

  @Field(() => ID)
  sourceId: string;

  @Field(() => String, { nullable: true, description: 'The SELECT that returns the rows to sync.' })
  sql?: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      'A table (or view) to sync whole, schema-qualified where the source has schemas: public.customers. Quote a part holding a dot or a double quote: "my.schema"."table".',
  })
  table?: string | null;
}

@InputType('ModelUpdateInput', { description: 'Giving `sql` makes the model a SQL model, giving `table` a table model; not both.' })
export class ModelUpdateInput {
  @Field(() => String, { nullable: true })
  name?: string | null;

  @Field(() => String, { nullable: true })
  description?: string | null;

  @Field(() => String, { nullable: true })
  sql?: string | null;

  @Field(() => String, { nullable: true })
  table?: string | null;
}

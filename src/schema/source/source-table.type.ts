import { Field, ObjectType } from 'type-graphql';

@ObjectType('SourceTable', { description: "A table a source offers for a table model: a database table or view, a sheet's tab, a search index." })
export class SourceTableType {
  @Field(() => String, { nullable: true, description: 'Schema, dataset or database, where the source has one; null otherwise.' })
  schema: string | null;

  @Field()
  name: string;
}

import { Field, ObjectType } from 'type-graphql';

@ObjectType('Column')
export class ModelColumn {
  @Field()
  name: string;

  @Field({ description: "The source's own type name, e.g. text, int4, timestamptz, _text." })
  type: string;
}

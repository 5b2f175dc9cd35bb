import { Field, InputType } from 'type-graphql';
import { JSONObject } from '../shared/scalars';

@InputType('DestinationInput')
export class DestinationInput {
  @Field()
  name: string;

  @Field()
  type: string;

  @Field(() => JSONObject)
  config: Record<string, unknown>;
}

@InputType('DestinationUpdateInput')
export class DestinationUpdateInput {
  @Field(() => String, { nullable: true })
  name?: string | null;

  @Field(() => JSONObject, { nullable: true, description: 'Merged over the stored config; a secret left out keeps its stored value.' })
  config?: Record<string, unknown> | null;
}

import { Field, InputType } from 'type-graphql';
import { JSONObject } from './scalars';

/** The create and update inputs of an endpoint (SourceInput/SourceUpdateInput, DestinationInput/…). */
export function endpointInputs(label: 'Source' | 'Destination') {
  @InputType(`${label}Input`)
  class EndpointInput {
    @Field()
    name: string;

    @Field()
    type: string;

    @Field(() => JSONObject)
    config: Record<string, unknown>;

    @Field(() => Boolean, {
      nullable: true,
      defaultValue: false,
      description: 'Store it without testing the connection first (for setups made before the network is ready).',
    })
    skipTest?: boolean | null;
  }

  @InputType(`${label}UpdateInput`)
  class EndpointUpdateInput {
    @Field(() => String, { nullable: true })
    name?: string | null;

    @Field(() => JSONObject, { nullable: true, description: 'Merged over the stored config; a secret left out keeps its stored value.' })
    config?: Record<string, unknown> | null;

    @Field(() => Boolean, {
      nullable: true,
      defaultValue: false,
      description: 'Store it without testing the connection first (for setups made before the network is ready).',
    })
    skipTest?: boolean | null;
  }

  return { EndpointInput, EndpointUpdateInput };
}

import { Field, ObjectType } from 'type-graphql';
import { SyncBehavior } from '../../entities';

@ObjectType('DestinationField')
export class DestinationFieldType {
  @Field({ description: 'Key used in FieldMapping.to, e.g. email, firstName, lists, field:12.' })
  key: string;

  @Field()
  label: string;

  @Field({ description: "Destination's own type, e.g. text, date, datetime, dropdown, listIds." })
  type: string;

  @Field()
  required: boolean;

  @Field({ description: 'True when this field can serve as the sync key.' })
  identifier: boolean;

  @Field({ description: 'True when the field takes an array (structured data) value.' })
  array: boolean;
}

@ObjectType('DestinationObject', {
  description: 'An object of the destination a sync can write to, e.g. contact, account, customObject:<schemaId>.',
})
export class DestinationObjectType {
  @Field()
  key: string;

  @Field()
  label: string;

  @Field(() => [String], { description: 'Keys of the fields that can serve as the sync key, e.g. [email].' })
  identifiers: string[];

  @Field(() => [SyncBehavior])
  behaviors: SyncBehavior[];

  @Field(() => [DestinationFieldType])
  fields: DestinationFieldType[];
}

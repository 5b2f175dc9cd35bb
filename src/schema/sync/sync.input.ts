import { Field, ID, InputType } from 'type-graphql';
import { ScheduleKind, SyncBehavior } from '../../entities';

@InputType('SyncKeyInput')
export class SyncKeyInput {
  @Field()
  column: string;

  @Field()
  field: string;
}

@InputType('FieldMappingInput')
export class FieldMappingInput {
  @Field(() => String, { nullable: true })
  from?: string | null;

  @Field(() => String, { nullable: true })
  constant?: string | null;

  @Field()
  to: string;
}

@InputType('ScheduleInput')
export class ScheduleInput {
  @Field(() => ScheduleKind)
  kind: ScheduleKind;

  @Field(() => String, { nullable: true })
  every?: string | null;

  @Field(() => String, { nullable: true })
  cron?: string | null;

  @Field(() => String, { nullable: true })
  timezone?: string | null;

  @Field(() => ID, { nullable: true })
  afterSyncId?: string | null;
}

@InputType('SyncInput')
export class SyncInput {
  @Field(() => String, { nullable: true })
  name?: string | null;

  @Field(() => ID)
  modelId: string;

  @Field(() => ID)
  destinationId: string;

  @Field()
  object: string;

  @Field(() => SyncBehavior)
  behavior: SyncBehavior;

  @Field(() => SyncKeyInput)
  syncKey: SyncKeyInput;

  @Field(() => [FieldMappingInput])
  mappings: FieldMappingInput[];

  @Field(() => ScheduleInput, { nullable: true })
  schedule?: ScheduleInput | null;

  @Field(() => Boolean, { nullable: true })
  paused?: boolean | null;
}

@InputType('SyncUpdateInput')
export class SyncUpdateInput {
  @Field(() => String, { nullable: true })
  name?: string | null;

  @Field(() => SyncBehavior, { nullable: true })
  behavior?: SyncBehavior | null;

  @Field(() => SyncKeyInput, { nullable: true })
  syncKey?: SyncKeyInput | null;

  @Field(() => [FieldMappingInput], { nullable: true })
  mappings?: FieldMappingInput[] | null;

  @Field(() => ScheduleInput, { nullable: true })
  schedule?: ScheduleInput | null;

  @Field(() => Boolean, { nullable: true })
  paused?: boolean | null;
}

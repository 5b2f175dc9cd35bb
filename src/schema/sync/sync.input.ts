import { Field, ID, InputType } from 'type-graphql';
import { ScheduleKind, SyncBehavior } from '../../entities';
import { ChangeGuardInput } from './change-guard.input';

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

  @Field(() => ChangeGuardInput, { nullable: true, description: 'Caps the records one run may send; omitted or null for no guard.' })
  changeGuard?: ChangeGuardInput | null;
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

  @Field(() => ChangeGuardInput, { nullable: true, description: 'Replaces the change guard; null removes it, omitted keeps it.' })
  changeGuard?: ChangeGuardInput | null;
}

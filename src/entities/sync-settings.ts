import { Field, Float, ID, Int, ObjectType, registerEnumType } from 'type-graphql';

export enum SyncBehavior {
  UPDATE_OR_CREATE = 'UPDATE_OR_CREATE',
  UPDATE_ONLY = 'UPDATE_ONLY',
}
registerEnumType(SyncBehavior, {
  name: 'SyncBehavior',
  valuesConfig: {
    UPDATE_OR_CREATE: { description: 'Update the record when it exists, create it otherwise.' },
    UPDATE_ONLY: { description: 'Update records that exist; rows with no match are skipped and reported.' },
  },
});

export enum ScheduleKind {
  MANUAL = 'MANUAL',
  INTERVAL = 'INTERVAL',
  CRON = 'CRON',
  AFTER_SYNC = 'AFTER_SYNC',
}
registerEnumType(ScheduleKind, { name: 'ScheduleKind' });

@ObjectType('SyncKey')
export class SyncKey {
  @Field({ description: 'Model column holding the identifier.' })
  column: string;

  @Field({ description: 'Destination identifier field, e.g. email, name, externalId.' })
  field: string;
}

@ObjectType('FieldMapping')
export class FieldMapping {
  @Field(() => String, { nullable: true, description: 'Model column to read; null when a constant is mapped.' })
  from: string | null;

  @Field(() => String, { nullable: true, description: 'Constant value written to every record; null when a column is mapped.' })
  constant: string | null;

  @Field({ description: 'DestinationField.key to write.' })
  to: string;
}

@ObjectType('Schedule')
export class Schedule {
  @Field(() => ScheduleKind)
  kind: ScheduleKind;

  @Field(() => String, { nullable: true, description: "For INTERVAL: a human interval such as '15 minutes' or '1 hour'." })
  every: string | null;

  @Field(() => String, { nullable: true, description: 'For CRON: a five-field cron expression.' })
  cron: string | null;

  @Field(() => String, { nullable: true, description: 'For CRON: an IANA time zone, default UTC.' })
  timezone: string | null;

  @Field(() => ID, { nullable: true, description: 'For AFTER_SYNC: the sync whose successful run triggers this one.' })
  afterSyncId: string | null;
}

/** The most records one run of a sync may send; a run that would send more stops before its first write. */
@ObjectType('ChangeGuard')
export class ChangeGuard {
  @Field(() => Int, { nullable: true, description: 'Most records one run may send (new or changed); null for no count limit.' })
  maxRecords: number | null;

  @Field(() => Float, {
    nullable: true,
    description: 'Most records one run may send, as a percentage (0-100) of the records Ferry has written for this sync; null for none.',
  })
  maxPercent: number | null;
}

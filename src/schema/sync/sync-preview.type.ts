import { Field, Int, ObjectType } from 'type-graphql';
import { JSONObject } from '../shared/scalars';

@ObjectType('PreviewRecord')
export class PreviewRecordType {
  @Field()
  key: string;

  @Field({ description: 'What a run would do with this row: SEND (new or changed), UNCHANGED, or REJECT.' })
  action: string;

  @Field(() => JSONObject, { nullable: true })
  record: Record<string, unknown> | null;

  @Field(() => String, { nullable: true })
  reason: string | null;
}

@ObjectType('SyncPreview')
export class SyncPreviewType {
  @Field(() => Int)
  rowsRead: number;

  @Field(() => Int)
  rowsChanged: number;

  @Field(() => Int)
  rowsUnchanged: number;

  @Field(() => Int)
  rowsRejected: number;

  @Field(() => [PreviewRecordType])
  sample: PreviewRecordType[];

  @Field(() => String, { nullable: true, description: 'Why the next run would be stopped by its guard, null when it would not.' })
  stoppedByGuard: string | null;
}

import { Field, Float, InputType, Int } from 'type-graphql';

@InputType('ChangeGuardInput', {
  description: 'Give maxRecords, maxPercent or both; a run that would send more than either allows stops before its first write.',
})
export class ChangeGuardInput {
  @Field(() => Int, { nullable: true, description: 'Most records one run may send (new or changed), at least 1.' })
  maxRecords?: number | null;

  @Field(() => Float, {
    nullable: true,
    description:
      'Most records one run may send, as a percentage (above 0, at most 100) of the records Ferry has written for this sync. It does not apply while nothing has been written (a first run).',
  })
  maxPercent?: number | null;
}

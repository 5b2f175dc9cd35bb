import { Field, Float, ID, InputType } from 'type-graphql';
import { NotificationCondition, NotificationFormat } from '../../entities';

@InputType('NotificationRuleInput')
export class NotificationRuleInput {
  @Field()
  name: string;

  @Field(() => ID, { nullable: true, description: 'The sync to watch; leave it out (or null) to watch every sync.' })
  syncId?: string | null;

  @Field(() => NotificationCondition)
  condition: NotificationCondition;

  @Field(() => Float, { nullable: true, description: 'For REJECTED_ROWS_ABOVE (required there): 0 to 100, alerting above it.' })
  rejectedRowsPercent?: number | null;

  @Field(() => String, {
    nullable: true,
    description: "For RUN_LONGER_THAN and NO_SUCCESS_FOR (required there): a human duration such as '30 minutes' or '1 day'.",
  })
  duration?: string | null;

  @Field({ description: 'https (plain http only to 127.0.0.1, localhost or ::1).' })
  url: string;

  @Field(() => NotificationFormat, { nullable: true, defaultValue: NotificationFormat.WEBHOOK })
  format?: NotificationFormat | null;

  @Field(() => Boolean, { nullable: true, defaultValue: true })
  enabled?: boolean | null;
}

/** What is left out stays as it is; `syncId: null` makes the rule watch every sync. */
@InputType('NotificationRuleUpdateInput')
export class NotificationRuleUpdateInput {
  @Field(() => String, { nullable: true })
  name?: string | null;

  @Field(() => ID, { nullable: true })
  syncId?: string | null;

  @Field(() => NotificationCondition, { nullable: true })
  condition?: NotificationCondition | null;

  @Field(() => Float, { nullable: true })
  rejectedRowsPercent?: number | null;

  @Field(() => String, { nullable: true })
  duration?: string | null;

  @Field(() => String, { nullable: true, description: 'A new URL keeps the signing secret (rotate it with rotateNotificationRuleSecret).' })
  url?: string | null;

  @Field(() => NotificationFormat, { nullable: true })
  format?: NotificationFormat | null;

  @Field(() => Boolean, { nullable: true })
  enabled?: boolean | null;
}

import { Field, ObjectType } from 'type-graphql';
import { NotificationRule } from '../../entities';

@ObjectType('CreatedNotificationRule')
export class CreatedNotificationRule {
  @Field(() => NotificationRule)
  notificationRule: NotificationRule;

  @Field({
    description: 'The secret deliveries are signed with (the Ferry-Signature header); shown once: store it in the receiver now.',
  })
  signingSecret: string;
}

import { Field, Int, ObjectType } from 'type-graphql';
import { NotificationDelivery } from '../../entities';
import { PageInfo } from '../shared/page-info.type';

@ObjectType('NotificationDeliveryEdge')
export class NotificationDeliveryEdge {
  @Field()
  cursor: string;

  @Field(() => NotificationDelivery)
  node: NotificationDelivery;
}

/** One page of deliveries, newest first (a Relay connection: its GraphQL name keeps the Relay suffix). */
@ObjectType('NotificationDeliveryConnection')
export class NotificationDeliveryPage {
  @Field(() => [NotificationDeliveryEdge])
  edges: NotificationDeliveryEdge[];

  @Field(() => PageInfo)
  pageInfo: PageInfo;

  @Field(() => Int)
  totalCount: number;
}

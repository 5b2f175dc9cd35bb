import { Field, Int, ObjectType } from 'type-graphql';
import { SyncRun } from '../../entities';
import { JSONObject } from '../shared/scalars';
import { PageInfo } from '../shared/page-info.type';

@ObjectType('RejectedRow', { description: 'A row the destination or the mapping rejected, with the reason.' })
export class RejectedRowType {
  @Field({ description: 'Value of the sync key column.' })
  key: string;

  @Field({ description: "E.g. 'Row skipped - It is on exclusion list'." })
  reason: string;

  @Field(() => JSONObject, { nullable: true, description: 'The mapped record that was sent or would have been sent.' })
  record: Record<string, unknown> | null;
}

@ObjectType('RejectedRowEdge')
export class RejectedRowEdge {
  @Field()
  cursor: string;

  @Field(() => RejectedRowType)
  node: RejectedRowType;
}

/** One page of a run's rejected rows (a Relay connection: its GraphQL name keeps the Relay suffix). */
@ObjectType('RejectedRowConnection')
export class RejectedRowPage {
  @Field(() => [RejectedRowEdge])
  edges: RejectedRowEdge[];

  @Field(() => PageInfo)
  pageInfo: PageInfo;

  @Field(() => Int)
  totalCount: number;
}

@ObjectType('SyncRunEdge')
export class SyncRunEdge {
  @Field()
  cursor: string;

  @Field(() => SyncRun)
  node: SyncRun;
}

/** One page of a sync's runs (a Relay connection: its GraphQL name keeps the Relay suffix). */
@ObjectType('SyncRunConnection')
export class SyncRunPage {
  @Field(() => [SyncRunEdge])
  edges: SyncRunEdge[];

  @Field(() => PageInfo)
  pageInfo: PageInfo;

  @Field(() => Int)
  totalCount: number;
}

import { Field, ObjectType } from 'type-graphql';
import { ModelColumn } from '../../entities';
import { JSONObject } from '../shared/scalars';

@ObjectType('ModelPreview')
export class ModelPreview {
  @Field(() => [ModelColumn])
  columns: ModelColumn[];

  @Field(() => [JSONObject])
  rows: Record<string, unknown>[];

  @Field({ description: 'True when the query returned more rows than the preview limit.' })
  truncated: boolean;
}

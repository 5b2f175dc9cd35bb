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

  @Field(() => String, {
    nullable: true,
    description:
      'What was cut to keep the preview small (values over FERRY_PREVIEW_MAX_VALUE_BYTES, rows past FERRY_PREVIEW_MAX_BYTES); null when nothing was.',
  })
  truncation: string | null;
}

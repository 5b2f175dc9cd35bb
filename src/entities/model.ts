import { Field, ObjectType } from 'type-graphql';
import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { NamedRecordColumns } from './named-record';
import { ModelColumn } from './model-column';
import { Source } from './source';

/** A SQL query over a source that selects the rows to sync. */
@ObjectType('Model', { description: 'A SQL query over a source that selects the rows to sync.' })
@Entity('models')
export class Model extends NamedRecordColumns {
  @Field(() => String, { nullable: true })
  @Column('text', { nullable: true })
  description: string | null;

  @Index()
  @Column('uuid', { name: 'source_id' })
  sourceId: string;

  @ManyToOne(() => Source, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'source_id' })
  source?: Source;

  @Field()
  @Column('text')
  sql: string;

  /** Columns the SQL returned when it was last saved. */
  @Field(() => [ModelColumn])
  @Column('jsonb', { name: 'columns' })
  columns: ModelColumn[];
}

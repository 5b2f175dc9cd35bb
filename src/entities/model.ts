import { Field, ObjectType } from 'type-graphql';
import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { NamedRecordColumns } from './named-record';
import { ModelColumn } from './model-column';
import { Source } from './source';

/** A SQL query, or a whole table, of a source: the rows to sync. Exactly one of `sql` and `table` is set. */
@ObjectType('Model', { description: 'A SQL query, or a whole table, of a source: the rows to sync.' })
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

  /** The model's SQL; null for a table model (Model.sql then shows the statement the source runs for the table). */
  @Column('text', { nullable: true })
  sql: string | null;

  /** A table model's table in the form of `formatTableName`, e.g. `public.customers`; null for a SQL model. */
  @Field(() => String, { nullable: true, description: "A table model's table, schema-qualified where the source has schemas; null for a SQL model." })
  @Column('text', { name: 'source_table', nullable: true })
  table: string | null;

  /** Columns the SQL or table had when the model was last saved. */
  @Field(() => [ModelColumn])
  @Column('jsonb', { name: 'columns' })
  columns: ModelColumn[];
}

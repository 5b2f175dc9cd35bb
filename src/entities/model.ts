import { Field, ID, ObjectType } from 'type-graphql';
import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { ModelColumn } from './model-column';
import { Source } from './source';

/** A SQL query over a source that selects the rows to sync. */
@ObjectType('Model', { description: 'A SQL query over a source that selects the rows to sync.' })
@Entity('models')
export class Model {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field()
  @Column('text')
  name: string;

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

  @Field()
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Field()
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

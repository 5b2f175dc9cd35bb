import { Field, ObjectType } from 'type-graphql';
import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { Destination } from './destination';
import { Model } from './model';
import { NamedRecordColumns } from './named-record';
import { ChangeGuard, FieldMapping, Schedule, SyncBehavior, SyncKey } from './sync-settings';

@ObjectType('Sync')
@Entity('syncs')
export class Sync extends NamedRecordColumns {
  @Index()
  @Column('uuid', { name: 'model_id' })
  modelId: string;

  @ManyToOne(() => Model, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'model_id' })
  model?: Model;

  @Index()
  @Column('uuid', { name: 'destination_id' })
  destinationId: string;

  @ManyToOne(() => Destination, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'destination_id' })
  destination?: Destination;

  @Field({ description: 'DestinationObject.key.' })
  @Column('text')
  object: string;

  @Field(() => SyncBehavior)
  @Column('text')
  behavior: SyncBehavior;

  @Field(() => SyncKey)
  @Column('jsonb', { name: 'sync_key' })
  syncKey: SyncKey;

  @Field(() => [FieldMapping])
  @Column('jsonb')
  mappings: FieldMapping[];

  @Field(() => Schedule)
  @Column('jsonb')
  schedule: Schedule;

  @Field()
  @Column('boolean', { default: false })
  paused: boolean;

  @Field(() => ChangeGuard, { nullable: true, description: 'Null when the sync has no guard.' })
  @Column('jsonb', { name: 'change_guard', nullable: true })
  changeGuard: ChangeGuard | null;
}

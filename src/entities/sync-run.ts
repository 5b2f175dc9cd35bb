import { Field, Float, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Sync } from './sync';

export enum RunStatus {
  QUEUED = 'QUEUED',
  RUNNING = 'RUNNING',
  SUCCEEDED = 'SUCCEEDED',
  PARTIAL = 'PARTIAL',
  FAILED = 'FAILED',
  CANCELLED = 'CANCELLED',
}
registerEnumType(RunStatus, {
  name: 'RunStatus',
  valuesConfig: {
    SUCCEEDED: { description: 'Every changed row was written.' },
    PARTIAL: { description: 'The run finished but some rows were rejected.' },
  },
});

export const terminalRunStatuses: readonly RunStatus[] = [RunStatus.SUCCEEDED, RunStatus.PARTIAL, RunStatus.FAILED, RunStatus.CANCELLED];

export enum RunTrigger {
  MANUAL = 'MANUAL',
  SCHEDULE = 'SCHEDULE',
  AFTER_SYNC = 'AFTER_SYNC',
}
registerEnumType(RunTrigger, { name: 'RunTrigger' });

@ObjectType('SyncRun')
@Entity('sync_runs')
@Index(['syncId', 'seq'])
export class SyncRun {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Creation order, for stable paging (newest first). */
  @Column({ type: 'bigint', unique: true, insert: false, update: false })
  seq: string;

  @Column('uuid', { name: 'sync_id' })
  syncId: string;

  @ManyToOne(() => Sync, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'sync_id' })
  sync?: Sync;

  @Field(() => RunStatus)
  @Column('text')
  status: RunStatus;

  @Field(() => RunTrigger)
  @Column('text')
  trigger: RunTrigger;

  @Field()
  @Column('boolean', { name: 'full_resync', default: false })
  fullResync: boolean;

  /** Let through the sync's change guard (triggerSync's `force`); kept so a run resumed after a stop keeps it. */
  @Column('boolean', { default: false })
  force: boolean;

  @Field()
  @Column('timestamptz', { name: 'queued_at', default: () => 'now()' })
  queuedAt: Date;

  @Field(() => Date, { nullable: true })
  @Column('timestamptz', { name: 'started_at', nullable: true })
  startedAt: Date | null;

  @Field(() => Date, { nullable: true })
  @Column('timestamptz', { name: 'finished_at', nullable: true })
  finishedAt: Date | null;

  @Field(() => Int, { description: 'Rows the model query returned.' })
  @Column('integer', { name: 'rows_read', default: 0 })
  rowsRead: number;

  @Field(() => Int, { description: 'Rows new or changed since the last successful write, so sent to the destination.' })
  @Column('integer', { name: 'rows_changed', default: 0 })
  rowsChanged: number;

  @Field(() => Int)
  @Column('integer', { name: 'rows_unchanged', default: 0 })
  rowsUnchanged: number;

  @Field(() => Int)
  @Column('integer', { name: 'rows_created', default: 0 })
  rowsCreated: number;

  @Field(() => Int)
  @Column('integer', { name: 'rows_updated', default: 0 })
  rowsUpdated: number;

  @Field(() => Int)
  @Column('integer', { name: 'rows_rejected', default: 0 })
  rowsRejected: number;

  @Field(() => Float, { description: '0 to 1.' })
  @Column('double precision', { default: 0 })
  progress: number;

  @Field(() => Float, {
    nullable: true,
    description: "Seconds the run still needs at the destination's rate limit, while it runs; null when unknown.",
  })
  @Column('double precision', { name: 'estimated_seconds_left', nullable: true })
  estimatedSecondsLeft: number | null;

  @Field(() => String, { nullable: true, description: 'Why the whole run failed, when it did.' })
  @Column('text', { nullable: true })
  error: string | null;

  /** Which worker process executes the run, so a dead worker's runs can be found at start-up. */
  @Column('text', { name: 'worker_id', nullable: true })
  workerId: string | null;

  @Column('timestamptz', { name: 'heartbeat_at', nullable: true })
  heartbeatAt: Date | null;
}

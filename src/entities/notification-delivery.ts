import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { NotificationDeliveryStatus } from './notification-settings';
import { NotificationRule } from './notification-rule';

/**
 * One alert for one incident (or one test), sent until the receiver takes it or the retry period ends. The body is
 * kept as sent, so every attempt sends the same bytes; the last attempt's response is summed up here, every
 * attempt is in notification_attempts.
 */
@ObjectType('NotificationDelivery')
@Entity('notification_deliveries')
@Index(['ruleId', 'seq'])
export class NotificationDelivery {
  @Field(() => ID, { description: "Also the `Ferry-Delivery-Id` header and the payload's `id`: the same on every attempt." })
  @PrimaryColumn('uuid')
  id: string;

  /** Creation order, for stable paging (newest first). */
  @Column({ type: 'bigint', unique: true, insert: false, update: false })
  seq: string;

  @Field(() => ID)
  @Column('uuid', { name: 'rule_id' })
  ruleId: string;

  @ManyToOne(() => NotificationRule, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'rule_id' })
  rule?: NotificationRule;

  /** One per rule and incident (e.g. `RUN_FAILED:<run id>`), so neither a crash nor two workers alert twice; null for tests. */
  @Column('text', { name: 'incident_key', nullable: true })
  incidentKey: string | null;

  @Field({ description: 'The `Ferry-Event` header: run.failed, run.rejected_rows_above, run.longer_than or sync.no_success_for.' })
  @Column('text')
  event: string;

  @Field({ description: 'Sent by testNotificationRule (tried once, not retried).' })
  @Column('boolean', { default: false })
  test: boolean;

  @Field(() => ID, { nullable: true })
  @Column('uuid', { name: 'sync_id', nullable: true })
  syncId: string | null;

  @Field(() => ID, { nullable: true })
  @Column('uuid', { name: 'run_id', nullable: true })
  runId: string | null;

  /** The JSON body exactly as sent. */
  @Column('text')
  body: string;

  @Field(() => NotificationDeliveryStatus)
  @Column('text')
  status: NotificationDeliveryStatus;

  @Field(() => Int, { description: 'Attempts made so far.' })
  @Column('integer', { name: 'attempt_count', default: 0 })
  attemptCount: number;

  @Field()
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Field(() => Date, { nullable: true })
  @Column('timestamptz', { name: 'first_attempt_at', nullable: true })
  firstAttemptAt: Date | null;

  @Field(() => Date, { nullable: true })
  @Column('timestamptz', { name: 'last_attempt_at', nullable: true })
  lastAttemptAt: Date | null;

  @Field(() => Date, { nullable: true, description: 'When it is tried next, while PENDING or RETRYING.' })
  @Column('timestamptz', { name: 'next_attempt_at', nullable: true })
  nextAttemptAt: Date | null;

  @Field(() => Date, { nullable: true })
  @Column('timestamptz', { name: 'delivered_at', nullable: true })
  deliveredAt: Date | null;

  @Field(() => Int, { nullable: true, description: "The last attempt's HTTP status; null when no answer came." })
  @Column('integer', { name: 'response_status', nullable: true })
  responseStatus: number | null;

  @Field(() => String, { nullable: true, description: "The start of the last answer's body (at most 1,000 characters)." })
  @Column('text', { name: 'response_body', nullable: true })
  responseBody: string | null;

  @Field(() => String, { nullable: true, description: 'Why the last attempt failed, when it did.' })
  @Column('text', { nullable: true })
  error: string | null;

  @Field(() => Int, { nullable: true, description: 'How long the last attempt took, in milliseconds.' })
  @Column('integer', { name: 'duration_ms', nullable: true })
  durationMs: number | null;
}

import { Field, Float, ID, ObjectType } from 'type-graphql';
import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { NamedRecordColumns } from './named-record';
import { NotificationCondition, NotificationFormat } from './notification-settings';
import { Sync } from './sync';

/**
 * When to alert and where: a condition over runs (of one sync, or of every sync) and a URL that receives a POST for
 * each incident. The URL and the signing secret are sealed together in `encrypted_secrets`; `url` holds what the API
 * shows of the URL.
 */
@ObjectType('NotificationRule')
@Entity('notification_rules')
export class NotificationRule extends NamedRecordColumns {
  @Field(() => ID, { nullable: true, description: 'The sync it watches; null for every sync.' })
  @Index()
  @Column('uuid', { name: 'sync_id', nullable: true })
  syncId: string | null;

  @ManyToOne(() => Sync, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'sync_id' })
  sync?: Sync;

  @Field(() => NotificationCondition)
  @Column('text')
  condition: NotificationCondition;

  @Field(() => Float, { nullable: true, description: 'For REJECTED_ROWS_ABOVE: the percentage (0 to 100) of rows read that may be rejected.' })
  @Column('double precision', { name: 'rejected_rows_percent', nullable: true })
  rejectedRowsPercent: number | null;

  @Field(() => String, { nullable: true, description: "For RUN_LONGER_THAN and NO_SUCCESS_FOR: a human duration such as '2 hours'." })
  @Column('text', { nullable: true })
  duration: string | null;

  @Column('integer', { name: 'duration_seconds', nullable: true })
  durationSeconds: number | null;

  @Field(() => NotificationFormat)
  @Column('text')
  format: NotificationFormat;

  @Field({
    description: "Where deliveries go, as shown: the origin only (a webhook URL's path and query may be its credential, as a Slack URL's is).",
  })
  @Column('text', { name: 'url_shown' })
  url: string;

  /** `{ url, signingSecret }` sealed with the row's context (see rule-secrets.ts). */
  @Column('text', { name: 'encrypted_secrets' })
  encryptedSecrets: string;

  @Field()
  @Column('boolean', { default: true })
  enabled: boolean;
}

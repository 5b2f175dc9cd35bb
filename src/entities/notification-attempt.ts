import { Field, Int, ObjectType } from 'type-graphql';
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** One try of a delivery and what came back. */
@ObjectType('NotificationAttempt')
@Entity('notification_attempts')
@Index(['deliveryId', 'id'])
export class NotificationAttempt {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id: string;

  @Column('uuid', { name: 'delivery_id' })
  deliveryId: string;

  @Field()
  @Column('timestamptz', { name: 'attempted_at' })
  attemptedAt: Date;

  @Field(() => Int, { nullable: true, description: 'The HTTP status; null when no answer came (refused, timed out).' })
  @Column('integer', { name: 'response_status', nullable: true })
  responseStatus: number | null;

  @Field(() => String, { nullable: true, description: "The start of the answer's body (at most 1,000 characters)." })
  @Column('text', { name: 'response_body', nullable: true })
  responseBody: string | null;

  @Field(() => String, { nullable: true })
  @Column('text', { nullable: true })
  error: string | null;

  @Field(() => Int)
  @Column('integer', { name: 'duration_ms' })
  durationMs: number;
}

import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** A row the destination or the mapping rejected in one run, with the reason. */
@Entity('rejected_rows')
@Index(['runId', 'id'])
export class RejectedRow {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id: string;

  @Column('uuid', { name: 'run_id' })
  runId: string;

  @Column('text')
  key: string;

  @Column('text')
  reason: string;

  @Column('jsonb', { nullable: true })
  record: Record<string, unknown> | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

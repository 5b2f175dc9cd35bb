import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** What a sync last wrote for one record: the hash of the mapped record the destination confirmed. */
@Entity('sync_snapshots')
export class SyncSnapshot {
  @PrimaryColumn('uuid', { name: 'sync_id' })
  syncId: string;

  @PrimaryColumn('text', { name: 'record_key' })
  recordKey: string;

  @Column('text')
  hash: string;

  @Column('text', { name: 'external_id', nullable: true })
  externalId: string | null;

  @UpdateDateColumn({ name: 'written_at', type: 'timestamptz' })
  writtenAt: Date;
}

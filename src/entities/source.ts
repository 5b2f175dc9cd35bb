import { Field, ID, ObjectType } from 'type-graphql';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { ConnectionTest } from './connection-test';

/** A warehouse connection. `config` holds the non-secret settings; secrets live encrypted in `encryptedSecrets`. */
@ObjectType('Source')
@Entity('sources')
export class Source {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field()
  @Column('text')
  name: string;

  @Field()
  @Column('text')
  type: string;

  @Column('jsonb', { name: 'config' })
  publicConfig: Record<string, unknown>;

  @Column('text', { name: 'encrypted_secrets', nullable: true })
  encryptedSecrets: string | null;

  @Field(() => ConnectionTest, { nullable: true })
  @Column('jsonb', { name: 'last_test', nullable: true })
  lastTest: ConnectionTest | null;

  @Field()
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Field()
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

import { Field, ObjectType } from 'type-graphql';
import { Column } from 'typeorm';
import { ConnectionTest } from './connection-test';
import { NamedRecordColumns } from './named-record';

/**
 * What a source and a destination both store: a plugin type, the config in clear (`config`, secrets left out) and
 * the secrets sealed in `encrypted_secrets`.
 */
// Only Source and Destination appear in the schema: an object type no field returns is not emitted.
@ObjectType()
export abstract class StoredConnectionColumns extends NamedRecordColumns {
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
}

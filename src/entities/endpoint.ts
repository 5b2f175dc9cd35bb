import { Field, ObjectType } from 'type-graphql';
import { Column } from 'typeorm';
import { TestOutcome } from './test-outcome';
import { NamedRecordColumns } from './named-record';

/**
 * What a source and a destination (the two kinds of endpoint, one at each end of a sync) both store: a plugin
 * type, the config in clear (`config`, secrets left out) and the secrets sealed in `encrypted_secrets`.
 */
// Only Source and Destination appear in the schema: an object type no field returns is not emitted.
@ObjectType()
export abstract class EndpointColumns extends NamedRecordColumns {
  @Field()
  @Column('text')
  type: string;

  @Column('jsonb', { name: 'config' })
  publicConfig: Record<string, unknown>;

  @Column('text', { name: 'encrypted_secrets', nullable: true })
  encryptedSecrets: string | null;

  @Field(() => TestOutcome, { nullable: true })
  @Column('jsonb', { name: 'last_test', nullable: true })
  lastTest: TestOutcome | null;
}

import { ObjectType } from 'type-graphql';
import { Entity } from 'typeorm';
import { StoredConnectionColumns } from './stored-connection';

/** A warehouse connection. */
@ObjectType('Source')
@Entity('sources')
export class Source extends StoredConnectionColumns {}

import { ObjectType } from 'type-graphql';
import { Entity } from 'typeorm';
import { StoredConnectionColumns } from './stored-connection';

/** A SaaS account Ferry writes to. */
@ObjectType('Destination')
@Entity('destinations')
export class Destination extends StoredConnectionColumns {}

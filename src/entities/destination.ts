import { ObjectType } from 'type-graphql';
import { Entity } from 'typeorm';
import { EndpointColumns } from './endpoint';

/** A SaaS account Ferry writes to. */
@ObjectType('Destination')
@Entity('destinations')
export class Destination extends EndpointColumns {}

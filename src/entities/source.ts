import { ObjectType } from 'type-graphql';
import { Entity } from 'typeorm';
import { EndpointColumns } from './endpoint';

/** A warehouse Ferry reads from. */
@ObjectType('Source')
@Entity('sources')
export class Source extends EndpointColumns {}

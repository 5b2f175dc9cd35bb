import { z } from 'zod';
import { Field, ObjectType, registerEnumType } from 'type-graphql';
import type { Plugin } from '../../plugins/contract';
import { JSONObject } from '../shared/scalars';

export enum PluginKind {
  SOURCE = 'SOURCE',
  DESTINATION = 'DESTINATION',
}
registerEnumType(PluginKind, { name: 'PluginKind' });

@ObjectType('Plugin', { description: 'A connector that can be used: a source (warehouse) or a destination (SaaS tool).' })
export class PluginInfo {
  @Field({ description: 'Stable identifier used as Source.type / Destination.type, e.g. postgres, activecampaign.' })
  id: string;

  @Field(() => PluginKind)
  kind: PluginKind;

  @Field({ description: 'Human name, e.g. PostgreSQL, ActiveCampaign.' })
  name: string;

  @Field()
  version: string;

  @Field(() => JSONObject, { description: 'JSON Schema of the connection config. Secret properties carry writeOnly: true.' })
  configSchema: Record<string, unknown>;

  static of(plugin: Plugin): PluginInfo {
    return Object.assign(new PluginInfo(), {
      id: plugin.id,
      kind: plugin.kind === 'source' ? PluginKind.SOURCE : PluginKind.DESTINATION,
      name: plugin.name,
      version: plugin.version,
      configSchema: z.toJSONSchema(plugin.config, { io: 'input', unrepresentable: 'any' }),
    });
  }
}

import type { Destination, Source } from '../../entities';
import type { Ferry } from '../../ferry';
import type { DestinationPlugin, SourcePlugin } from '../../plugins/contract';
import { openEndpointConfig } from '../../secrets/endpoint-secrets';

export interface OpenSource {
  plugin: SourcePlugin;
  config: Record<string, unknown>;
}

export interface OpenDestination {
  plugin: DestinationPlugin;
  config: Record<string, unknown>;
}

export function openSource(ferry: Pick<Ferry, 'registry' | 'secrets'>, source: Source): OpenSource {
  return { plugin: ferry.registry.source(source.type), config: openEndpointConfig('sources', source, ferry.secrets) };
}

export function openDestination(ferry: Pick<Ferry, 'registry' | 'secrets'>, destination: Destination): OpenDestination {
  return { plugin: ferry.registry.destination(destination.type), config: openEndpointConfig('destinations', destination, ferry.secrets) };
}

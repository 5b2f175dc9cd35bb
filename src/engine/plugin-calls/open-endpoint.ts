import type { Destination, Source } from '../../entities';
import type { Ferry } from '../../ferry';
import type { DestinationPlugin, SourcePlugin } from '../../plugins/contract';
import { openConfig } from '../../secrets/config-secrets';

export interface OpenSource {
  plugin: SourcePlugin;
  config: Record<string, unknown>;
}

export interface OpenDestination {
  plugin: DestinationPlugin;
  config: Record<string, unknown>;
}

export function openSource(ferry: Pick<Ferry, 'registry' | 'secrets'>, source: Source): OpenSource {
  return { plugin: ferry.registry.source(source.type), config: openConfig(source, ferry.secrets) };
}

export function openDestination(ferry: Pick<Ferry, 'registry' | 'secrets'>, destination: Destination): OpenDestination {
  return { plugin: ferry.registry.destination(destination.type), config: openConfig(destination, ferry.secrets) };
}

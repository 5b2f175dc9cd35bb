import { Agent, type Dispatcher } from 'undici';
import type { Logger, PluginContext } from '../../src/plugins/contract';

export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };

/** A plugin context for calling a plugin directly in a test: no rate limit, no retry. */
export function pluginContext(overrides: Partial<PluginContext> & { dispatcher?: Dispatcher } = {}): PluginContext {
  const { dispatcher, ...rest } = overrides;
  return {
    logger: silentLogger,
    signal: new AbortController().signal,
    http: dispatcher ?? new Agent(),
    session: new Map(),
    ...rest,
  };
}

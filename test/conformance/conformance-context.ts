import { Agent, type Dispatcher } from 'undici';
import type { Logger, PluginContext } from '../../src/plugins/contract';

const quiet: Logger = { debug() {}, info() {}, warn() {}, error() {} };
let sharedAgent: Agent | null = null;

/** A plugin context as Ferry gives one for a single call: a fresh session, the given signal, no rate limit. */
export function conformanceContext(signal: AbortSignal = new AbortController().signal, http?: Dispatcher): PluginContext {
  sharedAgent ??= new Agent();
  return { logger: quiet, signal, http: http ?? sharedAgent, session: new Map() };
}

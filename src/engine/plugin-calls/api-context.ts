import type { Ferry } from '../../ferry';
import { guardedAgent } from '../http/guarded-agent';
import type { Plugin, PluginContext } from '../../plugins/contract';
import type { OpenDestination, OpenSource } from './open-endpoint';

/** Where the API's own plugin calls go: sources may reach private addresses, destinations only public ones. */
const sourceAgent = guardedAgent('source', { headersTimeout: 30_000, bodyTimeout: 60_000 });
const destinationAgent = guardedAgent('destination', { headersTimeout: 30_000, bodyTimeout: 60_000 });

/** Context for a one-off plugin call from the API (test, discovery, preview): no rate limit, a time limit. */
export function apiPluginContext(ferry: Pick<Ferry, 'logger'>, timeoutMs = 30_000): PluginContext {
  return { logger: ferry.logger, signal: AbortSignal.timeout(timeoutMs), http: sourceAgent, session: new Map() };
}

/**
 * Context for a one-off destination call from the API (discovery): like `apiPluginContext`, but its requests go
 * through the engine's rate limiter, so they never push the account over its limit while runs are sending.
 */
export function apiDestinationContext(ferry: Pick<Ferry, 'logger' | 'destinationHttp'>, open: OpenDestination, timeoutMs = 30_000): PluginContext {
  const context = { ...apiPluginContext(ferry, timeoutMs), http: destinationAgent };
  if (!ferry.destinationHttp) return context;
  return { ...context, http: ferry.destinationHttp(open.plugin.limits(open.config as never), context.signal) };
}

/**
 * Context for a one-off source call from the API (test, columns, preview, tables): like `apiPluginContext`, but a
 * source that declares `limits()` makes its requests under the runs' budget (e.g. Google Sheets' read quota).
 */
export function apiSourceContext(
  ferry: Pick<Ferry, 'logger' | 'sourceHttp'>,
  open: OpenSource,
  timeoutMs = 30_000,
  signal?: AbortSignal,
): PluginContext {
  const context = { ...apiPluginContext(ferry, timeoutMs), ...(signal ? { signal } : {}) };
  const limits = open.plugin.limits?.(open.config as never);
  if (!limits || !ferry.sourceHttp) return context;
  return { ...context, http: ferry.sourceHttp(limits, context.signal) };
}

/** Context for a connection test from the API: its requests count against the account's (or source's) budget too. */
export function apiTestContext(
  ferry: Pick<Ferry, 'logger' | 'destinationHttp' | 'sourceHttp'>,
  plugin: Plugin,
  config: Record<string, unknown>,
): PluginContext {
  return plugin.kind === 'destination' ? apiDestinationContext(ferry, { plugin, config }) : apiSourceContext(ferry, { plugin, config });
}

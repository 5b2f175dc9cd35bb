import type { PluginContext } from '../../contract';

/**
 * Loads a value once per run and shares it between the run's concurrent write() calls: the promise itself is
 * cached, so parallel callers wait for the same request. A failed load is forgotten, so the next call tries again.
 */
export function oncePerRun<T>(ctx: PluginContext, key: string, load: () => Promise<T>): Promise<T> {
  const cacheKey = `activecampaign:${key}`;
  const cached = ctx.session.get(cacheKey) as Promise<T> | undefined;
  if (cached) return cached;
  const loading = load();
  ctx.session.set(cacheKey, loading);
  loading.catch(() => {
    if (ctx.session.get(cacheKey) === loading) ctx.session.delete(cacheKey);
  });
  return loading;
}

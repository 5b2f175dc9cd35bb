/** Run-scoped state in `ctx.session`, shared by the run's concurrent write() calls. Keys are prefixed with the plugin id. */
import type { PluginContext } from '../../contract';

const keyOf = (key: string) => `activecampaign:${key}`;

/**
 * Loads a value once per run and shares it between the run's concurrent write() calls: the promise itself is
 * cached, so parallel callers wait for the same request. A failed load is forgotten, so the next call tries again.
 */
export function oncePerRun<T>(ctx: PluginContext, key: string, load: () => Promise<T>): Promise<T> {
  const cacheKey = keyOf(key);
  const cached = ctx.session.get(cacheKey) as Promise<T> | undefined;
  if (cached) return cached;
  const loading = load();
  ctx.session.set(cacheKey, loading);
  loading.catch(() => {
    if (ctx.session.get(cacheKey) === loading) ctx.session.delete(cacheKey);
  });
  return loading;
}

/**
 * Loads a `oncePerRun` value again, now, and keeps the new one for the rest of the run. Callers asking while a
 * reload is under way share it. A failed reload leaves the cached value as it was.
 */
export function reloadPerRun<T>(ctx: PluginContext, key: string, load: () => Promise<T>): Promise<T> {
  const reloadKey = keyOf(`${key}:reload`);
  const pending = ctx.session.get(reloadKey) as Promise<T> | undefined;
  if (pending) return pending;
  const loading = load();
  ctx.session.set(reloadKey, loading);
  const forget = () => ctx.session.delete(reloadKey);
  loading.then((value) => {
    ctx.session.set(keyOf(key), Promise.resolve(value));
    forget();
  }, forget);
  return loading;
}

/** A mutable object kept for the whole run (counters, estimates), created on first use. */
export function perRun<T extends object>(ctx: PluginContext, key: string, create: () => T): T {
  const cacheKey = keyOf(key);
  let value = ctx.session.get(cacheKey) as T | undefined;
  if (value === undefined) {
    value = create();
    ctx.session.set(cacheKey, value);
  }
  return value;
}

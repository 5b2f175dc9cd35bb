import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { limitHeapGrowth } from '../../../src/engine/workers/heap-growth';
import type { ModelQuery, SourcePlugin } from '../../../src/plugins/contract';
import { conformanceContext } from '../conformance-context';

const MB = 1024 * 1024;

export interface MemoryMeasure {
  count: number;
  columns: string;
  seconds: number;
  rssGrowthMb: number;
  heapGrowthMb: number;
}

/** A full garbage collection, for a baseline without garbage in it; null when the runtime refuses one. */
function garbageCollector(): (() => void) | null {
  const exposed = (globalThis as { gc?: () => void }).gc;
  if (typeof exposed === 'function') return exposed;
  try {
    setFlagsFromString('--expose-gc');
    return runInNewContext('gc') as () => void;
  } catch {
    return null;
  }
}

/**
 * Reads the query as the engine reads it while this process's resident memory is sampled at every batch and every
 * 20 ms, and reports the peak growth over a baseline taken after a full collection. The process runs with the heap
 * policy of Ferry's workers (limitHeapGrowth): V8's default lets garbage pile up to about four times the live size
 * before collecting, which no worker sees.
 */
export async function measureRead(
  plugin: SourcePlugin,
  config: Record<string, unknown>,
  query: ModelQuery,
  batchSize: number,
  ctx = conformanceContext(),
): Promise<MemoryMeasure> {
  limitHeapGrowth();
  garbageCollector()?.();
  const baseline = process.memoryUsage();
  let peak = baseline;
  const sample = () => {
    const now = process.memoryUsage();
    if (now.rss > peak.rss) peak = { ...peak, rss: now.rss };
    if (now.heapUsed > peak.heapUsed) peak = { ...peak, heapUsed: now.heapUsed };
  };
  const sampler = setInterval(sample, 20);
  const started = Date.now();
  let count = 0;
  let columns = '';
  try {
    for await (const batch of plugin.read(config, query, { batchSize }, ctx)) {
      count += batch.length;
      if (!columns && batch.length > 0) columns = Object.keys(batch[0]).join(',');
      sample();
    }
  } finally {
    clearInterval(sampler);
  }
  return {
    count,
    columns,
    seconds: (Date.now() - started) / 1000,
    rssGrowthMb: (peak.rss - baseline.rss) / MB,
    heapGrowthMb: (peak.heapUsed - baseline.heapUsed) / MB,
  };
}

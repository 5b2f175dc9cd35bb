import { describe, test } from '@jest/globals';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { limitHeapGrowth } from '../../../src/engine/workers/heap-growth';
import { keep } from '../expectations';
import type { SourceSuite } from './source-suite';

const ROWS = 1_000_000;
/** Rows per batch the engine reads (src/engine: READ_BATCH_SIZE). */
const BATCH_SIZE = 2_000;
const LIMIT_MB = 100;
const MB = 1024 * 1024;

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
 * 1,000,000 rows read as the engine reads them, while the process's resident memory is sampled at every batch and
 * every 20 ms: its peak over the baseline (taken after a full collection) must stay under 100 MB. RSS counts
 * everything (heap, buffers, the driver's native memory); the heap's own growth is printed beside it. The process
 * runs with the heap policy of Ferry's workers (limitHeapGrowth): V8's default lets garbage pile up to about four
 * times the live size before collecting, which no worker sees.
 */
export function memoryTests(suite: SourceSuite): void {
  describe('memory', () => {
    test(
      `read() streams ${ROWS.toLocaleString('en')} rows with peak memory growth under ${LIMIT_MB} MB`,
      async () => {
        const query = suite.fixture.generatedRows(ROWS);
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
          for await (const batch of suite.read(query, BATCH_SIZE)) {
            count += batch.length;
            if (!columns && batch.length > 0) columns = Object.keys(batch[0]).join(',');
            sample();
          }
        } finally {
          clearInterval(sampler);
        }
        const seconds = (Date.now() - started) / 1000;
        const rssGrowth = (peak.rss - baseline.rss) / MB;
        const heapGrowth = (peak.heapUsed - baseline.heapUsed) / MB;
        console.log(
          `${suite.plugin.name}: ${count.toLocaleString('en')} rows in ${seconds.toFixed(1)} s; peak growth over the baseline: ` +
            `${rssGrowth.toFixed(1)} MB resident, ${heapGrowth.toFixed(1)} MB heap`,
        );
        keep(count === ROWS, `read() must yield every row of the query`, () => `${count} of ${ROWS} rows came`);
        keep(columns === 'id,email,amount,created', 'read() must yield the columns of the query', () => `rows had the columns ${columns}`);
        keep(
          rssGrowth < LIMIT_MB,
          `read() must stream: ${ROWS.toLocaleString('en')} rows within ${LIMIT_MB} MB of memory growth`,
          () => `resident memory grew by ${rssGrowth.toFixed(1)} MB (heap ${heapGrowth.toFixed(1)} MB)`,
        );
      },
      Math.max(suite.timeoutMs, 300_000),
    );
  });
}

import { describe, test } from '@jest/globals';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import type { ModelQuery } from '../../../src/plugins/contract';
import { keep } from '../expectations';
import { measureRead, type MemoryMeasure } from './memory-measure';
import type { SourceSuite } from './source-suite';

const ROWS = 1_000_000;
/** Rows per batch the engine reads (src/engine: READ_BATCH_SIZE). */
const BATCH_SIZE = 2_000;
const LIMIT_MB = 100;

/** Runs the read in a process of its own (memory-child.ts) while this one keeps serving the fixture's fake. */
function measureInChild(suite: SourceSuite, query: ModelQuery): Promise<MemoryMeasure> {
  const { path, exportName } = suite.fixture.pluginModule!;
  // The young generation is V8's own choice, the same for any plugin: 16 MB semi-spaces on Node 20, several times
  // that by default on Node 24 and later (about 60 MB more resident for the same reads). It is fixed here so that
  // the figure measures what the plugin keeps, and compares across Node lines.
  const child = spawn(process.execPath, ['--expose-gc', '--max-semi-space-size=16', join(__dirname, 'memory-child.js')], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let output = '';
  let errors = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (errors += chunk));
  child.stdin.end(JSON.stringify({ modulePath: path, exportName, config: suite.config, query, batchSize: BATCH_SIZE }));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code === 0) resolve(JSON.parse(output.trim().split('\n').at(-1)!) as MemoryMeasure);
      else reject(new Error(`the reading process failed (exit ${code}): ${errors.trim()}`));
    });
  });
}

/**
 * 1,000,000 rows read as the engine reads them, while resident memory is sampled at every batch and every 20 ms: its
 * peak over the baseline (taken after a full collection) must stay under 100 MB. RSS counts everything (heap,
 * buffers, the driver's native memory); the heap's own growth is printed beside it. When the fixture serves a fake in
 * the test process, the read runs in a process of its own, so that only the plugin is measured.
 */
export function memoryTests(suite: SourceSuite): void {
  describe('memory', () => {
    test(
      `read() streams ${ROWS.toLocaleString('en')} rows with peak memory growth under ${LIMIT_MB} MB`,
      async () => {
        const query = suite.fixture.generatedRows(ROWS);
        const apart = suite.fixture.pluginModule && !suite.fixture.http;
        const {
          count,
          columns,
          seconds,
          rssGrowthMb: rssGrowth,
          heapGrowthMb: heapGrowth,
        } = apart ? await measureInChild(suite, query) : await measureRead(suite.plugin, suite.config, query, BATCH_SIZE, suite.context());
        console.log(
          `${suite.plugin.name}: ${count.toLocaleString('en')} rows in ${seconds.toFixed(1)} s${apart ? ' (read in a process of its own)' : ''}; ` +
            `peak growth over the baseline: ${rssGrowth.toFixed(1)} MB resident, ${heapGrowth.toFixed(1)} MB heap`,
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

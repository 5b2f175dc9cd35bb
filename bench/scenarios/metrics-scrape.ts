import { performance } from 'node:perf_hooks';
import { createSync, sourceConfig, startBenchFerry } from '../bench-ferry';
import type { ScenarioContext, ScenarioResult } from './scenario';

const SCRAPES = 300;
const HISTORY_RUNS = 100_000;

/**
 * GET /metrics on FERRY_METRICS_ADDRESS, one scrape after another, with a queued run and 100,000 finished runs in
 * sync_runs: the queue gauges' query reads only the partial index of active runs, so history does not slow it.
 */
export async function metricsScrapeScenario(ctx: ScenarioContext): Promise<ScenarioResult> {
  const ferry = await startBenchFerry(ctx.ferryUrl, ctx.secretKey, { FERRY_ROLE: 'api', FERRY_METRICS_ADDRESS: '127.0.0.1:0' });
  const db = ferry.running.ferry.db;
  let syncId: string | null = null;
  try {
    syncId = await createSync(ferry.client, {
      warehouse: sourceConfig(ctx.warehouseUrl),
      sql: `SELECT 'a@example.com' AS email, 'A' AS first_name`,
      destination: { type: 'bench-sink', config: { name: 'metrics-scrape' } },
      object: 'person',
      syncKey: { column: 'email', field: 'email' },
      mappings: [{ from: 'first_name', to: 'name' }],
    });
    await db.query(
      `INSERT INTO sync_runs (sync_id, status, trigger, started_at, finished_at)
       SELECT $1, 'SUCCEEDED', 'MANUAL', now(), now() FROM generate_series(1, $2)`,
      [syncId, HISTORY_RUNS],
    );
    await db.query('ANALYZE sync_runs');
    await ferry.client.data(`mutation($id: ID!) { triggerSync(id: $id) { id } }`, { id: syncId });
    const url = ferry.running.metricsUrl!;
    const times: number[] = [];
    let bytes = 0;
    for (let i = 0; i < SCRAPES; i++) {
      const start = performance.now();
      const response = await fetch(url);
      const text = await response.text();
      times.push(performance.now() - start);
      if (!response.ok || !/^ferry_queued_runs 1$/m.test(text)) throw new Error(`scrape ${i}: ${response.status} ${text.slice(0, 200)}`);
      bytes = text.length;
    }
    times.sort((a, b) => a - b);
    const at = (q: number) => Math.round(times[Math.min(times.length - 1, Math.floor(q * times.length))] * 10) / 10;
    return { 'scrape p50 (ms)': at(0.5), 'scrape p99 (ms)': at(0.99), 'scrape max (ms)': at(1), 'body (bytes)': bytes };
  } finally {
    if (syncId) await db.query('DELETE FROM syncs WHERE id = $1', [syncId]);
    await ferry.running.stop();
  }
}

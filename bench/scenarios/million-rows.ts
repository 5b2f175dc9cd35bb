import { Client } from 'pg';
import { createSync, runToEnd, sourceConfig, startBenchFerry } from '../bench-ferry';
import { measureCpu } from '../cpu-time';
import { withPeakRss } from '../peak-rss';
import type { ScenarioContext, ScenarioResult } from './scenario';

const ROWS = 1_000_000;

/** (c) 1,000,000 rows into a destination with no limits, all new: engine rows per second. */
export async function unlimitedScenario(ctx: ScenarioContext): Promise<ScenarioResult> {
  const warehouse = new Client({ connectionString: ctx.warehouseUrl });
  await warehouse.connect();
  await warehouse.query(`DROP TABLE IF EXISTS bench_people`);
  await warehouse.query(
    `CREATE TABLE bench_people AS SELECT g AS id, 'person' || g || '@example.com' AS email, 'Person number ' || g AS name, (ARRAY['free','pro','team','enterprise'])[1 + g % 4] AS plan, (g::bigint * 7919 % 1000)::int AS score FROM generate_series(1, ${ROWS}) g`,
  );
  await warehouse.end();
  const ferry = await startBenchFerry(ctx.ferryUrl, ctx.secretKey);
  try {
    const syncId = await createSync(ferry.client, {
      warehouse: sourceConfig(ctx.warehouseUrl),
      sql: 'SELECT email, name, plan, score FROM bench_people',
      destination: { type: 'bench-sink', config: { name: 'million' } },
      object: 'person',
      syncKey: { column: 'email', field: 'email' },
      mappings: [
        { from: 'name', to: 'name' },
        { from: 'plan', to: 'plan' },
        { from: 'score', to: 'score' },
      ],
    });
    ctx.state.millionSyncId = syncId;
    const {
      result: { result: run, peakMb },
      engineCpu,
      postgresCpu,
    } = await measureCpu(() => withPeakRss(() => runToEnd(ferry.client, syncId)));
    if (run.status !== 'SUCCEEDED' || run.rowsCreated !== ROWS) throw new Error(`first run: ${JSON.stringify(run)}`);
    return {
      'rows sent and confirmed': run.rowsCreated,
      'run seconds': Math.round(run.seconds * 100) / 100,
      'rows per second': Math.round(ROWS / run.seconds),
      'peak RSS (MB)': peakMb,
      'Ferry process CPU seconds': engineCpu,
      'PostgreSQL CPU seconds': postgresCpu ?? 'n/a',
    };
  } finally {
    await ferry.running.stop();
  }
}

/** (b) The same 1,000,000-row model again with no change: run time and the process's peak RSS. */
export async function noChangeScenario(ctx: ScenarioContext): Promise<ScenarioResult> {
  const syncId = ctx.state.millionSyncId;
  if (!syncId) throw new Error('the unlimited scenario must run first (it fills the snapshot)');
  const ferry = await startBenchFerry(ctx.ferryUrl, ctx.secretKey);
  try {
    const {
      result: { result: run, peakMb },
      engineCpu,
      postgresCpu,
    } = await measureCpu(() => withPeakRss(() => runToEnd(ferry.client, syncId)));
    if (run.status !== 'SUCCEEDED' || run.rowsUnchanged !== ROWS) throw new Error(`no-change run: ${JSON.stringify(run)}`);
    return {
      'rows read': run.rowsRead,
      'rows unchanged': run.rowsUnchanged,
      'rows sent': run.rowsChanged,
      'run seconds': Math.round(run.seconds * 100) / 100,
      'peak RSS of the process (MB)': peakMb,
      'Ferry process CPU seconds': engineCpu,
      'PostgreSQL CPU seconds': postgresCpu ?? 'n/a',
    };
  } finally {
    await ferry.running.stop();
  }
}

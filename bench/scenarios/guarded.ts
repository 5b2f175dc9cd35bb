import { Client } from 'pg';
import { createSync, runToEnd, sourceConfig, startBenchFerry } from '../bench-ferry';
import { withPeakRss } from '../peak-rss';
import type { ScenarioContext, ScenarioResult } from './scenario';

const ROWS = 1_000_000;

/**
 * (o) The 1,000,000-row model under a change guard: a first run whose every record is held in PostgreSQL until the
 * model is read, then sent; then a full resync over a 50% guard, which reads, counts and stops without a write.
 */
export async function guardedScenario(ctx: ScenarioContext): Promise<ScenarioResult> {
  const warehouse = new Client({ connectionString: ctx.warehouseUrl });
  await warehouse.connect();
  await warehouse.query(
    `CREATE TABLE IF NOT EXISTS bench_people AS SELECT g AS id, 'person' || g || '@example.com' AS email, 'Person number ' || g AS name, (ARRAY['free','pro','team','enterprise'])[1 + g % 4] AS plan, (g::bigint * 7919 % 1000)::int AS score FROM generate_series(1, ${ROWS}) g`,
  );
  await warehouse.end();
  const ferry = await startBenchFerry(ctx.ferryUrl, ctx.secretKey);
  try {
    const syncId = await createSync(ferry.client, {
      warehouse: sourceConfig(ctx.warehouseUrl),
      sql: 'SELECT email, name, plan, score FROM bench_people',
      destination: { type: 'bench-sink', config: { name: 'guarded' } },
      object: 'person',
      syncKey: { column: 'email', field: 'email' },
      mappings: [
        { from: 'name', to: 'name' },
        { from: 'plan', to: 'plan' },
        { from: 'score', to: 'score' },
      ],
    });
    const guard = (changeGuard: Record<string, number>) =>
      ferry.client.data(`mutation($id: ID!, $g: ChangeGuardInput) { updateSync(id: $id, input: { changeGuard: $g }) { id } }`, {
        id: syncId,
        g: changeGuard,
      });
    await guard({ maxRecords: ROWS });
    const { result: held, peakMb: heldPeakMb } = await withPeakRss(() => runToEnd(ferry.client, syncId));
    if (held.status !== 'SUCCEEDED' || held.rowsCreated !== ROWS) throw new Error(`guarded run: ${JSON.stringify(held)}`);
    await guard({ maxPercent: 50 });
    const { result: stopped, peakMb: stoppedPeakMb } = await withPeakRss(() => runToEnd(ferry.client, syncId, true));
    if (stopped.status !== 'FAILED' || !stopped.error?.startsWith('Stopped by the change guard'))
      throw new Error(`stopped run: ${JSON.stringify(stopped)}`);
    return {
      'held then sent: run seconds': Math.round(held.seconds * 100) / 100,
      'held then sent: rows per second': Math.round(ROWS / held.seconds),
      'held then sent: peak RSS (MB)': heldPeakMb,
      'stopped by the guard: run seconds': Math.round(stopped.seconds * 100) / 100,
      'stopped by the guard: peak RSS (MB)': stoppedPeakMb,
    };
  } finally {
    await ferry.running.stop();
  }
}

import { createSync, runToEnd, startBenchFerry } from '../bench-ferry';
import { measureCpu } from '../cpu-time';
import { startFakeProcess } from './fake-process';
import { withPeakRss } from '../peak-rss';
import type { ScenarioContext, ScenarioResult } from './scenario';

const ROWS = 1_000_000;

/**
 * (g) 1,000,000 rows of 4 columns from the fake SQL Server (in its own process; TDS over loopback, no TLS) through
 * the `sqlserver` source and the engine into the unlimited sink. The figure measures tedious and the fake as much as
 * the engine: it is no SQL Server figure.
 */
export async function sqlServerRowsScenario(ctx: ScenarioContext): Promise<ScenarioResult> {
  const fake = await startFakeProcess('tds', { FAKE_TDS_PORT: '0', FAKE_TDS_ROWS: String(ROWS) });
  const ferry = await startBenchFerry(ctx.ferryUrl, ctx.secretKey);
  try {
    const syncId = await createSync(ferry.client, {
      sourceType: 'sqlserver',
      warehouse: { server: '127.0.0.1', port: Number(fake.ready.port), database: 'bench', user: 'bench', password: 'bench', encrypt: false },
      sql: 'SELECT email, id, amount, created FROM dbo.bench_people',
      destination: { type: 'bench-sink', config: { name: 'sqlserver' } },
      object: 'person',
      syncKey: { column: 'email', field: 'email' },
      mappings: [
        { from: 'id', to: 'name' },
        { from: 'amount', to: 'plan' },
        { from: 'created', to: 'score' },
      ],
    });
    const {
      result: { result: run, peakMb },
      engineCpu,
    } = await measureCpu(() => withPeakRss(() => runToEnd(ferry.client, syncId)));
    if (run.status !== 'SUCCEEDED' || run.rowsCreated !== ROWS) throw new Error(`sqlserver run: ${JSON.stringify(run)}`);
    return {
      'rows sent and confirmed': run.rowsCreated,
      'run seconds': Math.round(run.seconds * 100) / 100,
      'rows per second': Math.round(ROWS / run.seconds),
      'peak RSS (MB)': peakMb,
      'Ferry process CPU seconds': engineCpu,
    };
  } finally {
    await ferry.running.stop();
    await fake.stop();
  }
}

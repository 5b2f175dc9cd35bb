import { createSync, runToEnd, startBenchFerry } from '../bench-ferry';
import { measureCpu } from '../cpu-time';
import { withPeakRss } from '../peak-rss';
import { startFakeProcess } from './fake-process';
import type { ScenarioContext, ScenarioResult } from './scenario';

const ROWS = 1_000_000;

/**
 * (e) 1,000,000 rows of 4 columns read from Snowflake's SQL API (the fake, generating them: 20 partitions of
 * 50,000 rows after a first one of 1,000) through the engine into the unlimited sink: rows per second and peak RSS.
 */
export async function snowflakeReadScenario(ctx: ScenarioContext): Promise<ScenarioResult> {
  const fake = await startFakeProcess<{ url: string; config: Record<string, unknown> }>('snowflake', {
    FAKE_SF_PORT: '0',
    FAKE_SF_PARTITION_ROWS: process.env.FAKE_SF_PARTITION_ROWS ?? '50000',
  });
  const ferry = await startBenchFerry(ctx.ferryUrl, ctx.secretKey);
  try {
    const syncId = await createSync(ferry.client, {
      sourceType: 'snowflake',
      warehouse: fake.ready.config,
      sql:
        `SELECT 'person' || SEQ8() || '@example.com' AS EMAIL, 'Person number ' || SEQ8() AS NAME, 'plan ' || SEQ8() % 4 AS PLAN, ` +
        `SEQ8() * 7919 % 1000 AS SCORE FROM TABLE(GENERATOR(ROWCOUNT => ${ROWS}))`,
      destination: { type: 'bench-sink', config: { name: 'snowflake' } },
      object: 'person',
      syncKey: { column: 'EMAIL', field: 'email' },
      mappings: [
        { from: 'NAME', to: 'name' },
        { from: 'PLAN', to: 'plan' },
        { from: 'SCORE', to: 'score' },
      ],
    });
    const {
      result: { result: run, peakMb },
      engineCpu,
    } = await measureCpu(() => withPeakRss(() => runToEnd(ferry.client, syncId)));
    if (run.status !== 'SUCCEEDED' || run.rowsCreated !== ROWS) throw new Error(`snowflake run: ${JSON.stringify(run)}`);
    return {
      'rows read from Snowflake and confirmed': run.rowsCreated,
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

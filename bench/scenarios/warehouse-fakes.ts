import { createSync, runToEnd, startBenchFerry } from '../bench-ferry';
import { startFakeProcess } from './fake-process';
import { withPeakRss } from '../peak-rss';
import type { ScenarioContext, ScenarioResult } from './scenario';

const ROWS = 1_000_000;

interface FakeSource {
  fake: string;
  env: Record<string, string>;
  type: string;
  config(ready: Record<string, string>): Record<string, unknown>;
  sql: string;
}

/** 1,000,000 rows of 4 columns read from a source's fake (in its own process) through the engine into the sink. */
async function millionFrom(ctx: ScenarioContext, source: FakeSource): Promise<ScenarioResult> {
  const fake = await startFakeProcess(source.fake, source.env);
  const ferry = await startBenchFerry(ctx.ferryUrl, ctx.secretKey);
  try {
    const syncId = await createSync(ferry.client, {
      sourceType: source.type,
      warehouse: source.config(fake.ready),
      sql: source.sql,
      destination: { type: 'bench-sink', config: { name: `million-${source.type}` } },
      object: 'person',
      syncKey: { column: 'email', field: 'email' },
      mappings: [
        { from: 'id', to: 'name' },
        { from: 'amount', to: 'score' },
        { from: 'created', to: 'plan' },
      ],
    });
    const { result: run, peakMb } = await withPeakRss(() => runToEnd(ferry.client, syncId));
    if (run.status !== 'SUCCEEDED' || run.rowsCreated !== ROWS) throw new Error(`run: ${JSON.stringify(run)}`);
    return {
      'rows read and confirmed': run.rowsCreated,
      'run seconds': Math.round(run.seconds * 100) / 100,
      'rows per second': Math.round(ROWS / run.seconds),
      'peak RSS (MB)': peakMb,
    };
  } finally {
    await ferry.running.stop();
    await fake.stop();
  }
}

/** (e) Databricks: the fake warehouse serves fake_people(1,000,000) in 20,000-row chunks on presigned links. */
export const databricksScenario = (ctx: ScenarioContext) =>
  millionFrom(ctx, {
    fake: 'databricks',
    env: { FAKE_DATABRICKS_PORT: '0', FAKE_DATABRICKS_CHUNK_ROWS: '20000' },
    type: 'databricks',
    config: (ready) => ({ host: ready.url, httpPath: ready.httpPath, token: ready.token }),
    sql: `SELECT * FROM fake_people(${ROWS})`,
  });

/** (f) Elasticsearch: the fake cluster pages a 1,000,000-document index through SQL cursors. */
export const elasticsearchScenario = (ctx: ScenarioContext) =>
  millionFrom(ctx, {
    fake: 'elasticsearch',
    env: { FAKE_ES_PORT: '0', FAKE_ES_PEOPLE: String(ROWS) },
    type: 'elasticsearch',
    config: (ready) => ({ url: ready.url, apiKey: ready.apiKey }),
    sql: 'SELECT id, email, amount, created FROM people',
  });

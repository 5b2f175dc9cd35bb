import { generatedRowsSql } from '../../test/fakes/bigquery';
import { startFakeBigQueryProcess } from '../../test/fakes/bigquery/fake-process';
import { runToEnd, startBenchFerry } from '../bench-ferry';
import type { ScenarioContext, ScenarioResult } from './scenario';

const ROWS = 1_000_000;

/** Samples this process's RSS while `work` runs. */
async function withPeakRss<T>(work: () => Promise<T>): Promise<{ result: T; peakMb: number }> {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  try {
    const result = await work();
    return { result, peakMb: Math.round(Math.max(peak, process.resourceUsage().maxRSS * 1024) / 1024 / 1024) };
  } finally {
    clearInterval(timer);
  }
}

/**
 * (e) 1,000,000 rows of a BigQuery model (the fake's generated rows: jobs.query, then getQueryResults pages of the
 * engine's batch size, over HTTP from another process) into the unlimited sink: rows per second and Ferry's peak RSS.
 */
export async function bigQueryReadScenario(ctx: ScenarioContext): Promise<ScenarioResult> {
  // The fake runs in a process of its own, so the peak RSS measured here is Ferry's alone.
  const fake = await startFakeBigQueryProcess();
  const ferry = await startBenchFerry(ctx.ferryUrl, ctx.secretKey);
  try {
    const { client } = ferry;
    const { createSource } = await client.data(
      `mutation($c: JSONObject!) { createSource(input: { name: "bigquery", type: "bigquery", config: $c }) { id } }`,
      {
        c: { serviceAccountKey: fake.keyJson, apiUrl: fake.url },
      },
    );
    const { createModel } = await client.data(`mutation($i: ModelInput!) { createModel(input: $i) { id } }`, {
      i: { name: 'bigquery bench', sourceId: createSource.id, sql: generatedRowsSql(ROWS) },
    });
    const { createDestination } = await client.data(
      `mutation { createDestination(input: { name: "bigquery sink", type: "bench-sink", config: { name: "bigquery" } }) { id } }`,
    );
    const { createSync } = await client.data(`mutation($i: SyncInput!) { createSync(input: $i) { id } }`, {
      i: {
        modelId: createModel.id,
        destinationId: createDestination.id,
        object: 'person',
        behavior: 'UPDATE_OR_CREATE',
        syncKey: { column: 'email', field: 'email' },
        mappings: [
          { from: 'id', to: 'name' },
          { from: 'amount', to: 'score' },
          { from: 'created', to: 'plan' },
        ],
      },
    });
    const { result: run, peakMb } = await withPeakRss(() => runToEnd(client, createSync.id));
    if (run.status !== 'SUCCEEDED' || run.rowsCreated !== ROWS) throw new Error(`bigquery run: ${JSON.stringify(run)}`);
    return {
      'rows read from BigQuery (fake)': run.rowsRead,
      'run seconds': Math.round(run.seconds * 100) / 100,
      'rows per second': Math.round(ROWS / run.seconds),
      'peak RSS of the process (MB)': peakMb,
    };
  } finally {
    await ferry.running.stop();
    await fake.close();
  }
}

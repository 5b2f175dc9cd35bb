import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createSync, runToEnd, startBenchFerry } from '../bench-ferry';
import { measureCpu } from '../cpu-time';
import { withPeakRss } from '../peak-rss';
import type { ScenarioContext, ScenarioResult } from './scenario';

const ROWS = 1_000_000;

/** The fake Snowflake in a process of its own, so the figures are Ferry's alone. */
async function startFakeProcess(): Promise<{ process: ChildProcess; config: Record<string, unknown> }> {
  const child = spawn(process.execPath, [join(__dirname, '../../test/fakes/snowflake/main.js')], {
    env: { ...process.env, FAKE_SF_PORT: '0', FAKE_SF_JSON: '1', FAKE_SF_PARTITION_ROWS: process.env.FAKE_SF_PARTITION_ROWS ?? '50000' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const line = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk) => {
      out += chunk;
      if (out.includes('\n')) resolve(out.split('\n')[0]);
    });
    child.once('exit', (code) => reject(new Error(`the fake Snowflake exited (${code}) before it listened`)));
  });
  return { process: child, config: JSON.parse(line).config };
}

/**
 * (e) 1,000,000 rows of 4 columns read from Snowflake's SQL API (the fake, generating them: 20 partitions of
 * 50,000 rows after a first one of 1,000) through the engine into the unlimited sink: rows per second and peak RSS.
 */
export async function snowflakeReadScenario(ctx: ScenarioContext): Promise<ScenarioResult> {
  const fake = await startFakeProcess();
  const ferry = await startBenchFerry(ctx.ferryUrl, ctx.secretKey);
  try {
    const syncId = await createSync(ferry.client, {
      sourceType: 'snowflake',
      warehouse: fake.config,
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
    fake.process.kill('SIGTERM');
  }
}

import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createSync, runToEnd, startBenchFerry } from '../bench-ferry';
import { measureCpu } from '../cpu-time';
import { withPeakRss } from './million-rows';
import type { ScenarioContext, ScenarioResult } from './scenario';

const ROWS = 1_000_000;

/** Starts the fake SQL Server in its own process (so this process's RSS and CPU are Ferry's and the driver's). */
async function startFakeSqlServerProcess(): Promise<{ port: number; stop(): void }> {
  const main = join(__dirname, '..', '..', 'test', 'fakes', 'tds', 'main.js');
  const child = spawn(process.execPath, [main, String(ROWS)], { stdio: ['pipe', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const line = out.split('\n').find((text) => text.startsWith('{'));
      if (line) resolve(JSON.parse(line).port);
    });
    child.on('exit', (code) => reject(new Error(`the fake SQL Server exited (${code})`)));
  });
  return { port, stop: () => child.stdin.end() };
}

/**
 * (e) 1,000,000 rows of 4 columns from the fake SQL Server (TDS over loopback, no TLS) through the engine into the
 * unlimited sink. The figure measures tedious and the fake as much as the engine: it is no SQL Server figure.
 */
export async function sqlServerRowsScenario(ctx: ScenarioContext): Promise<ScenarioResult> {
  const fake = await startFakeSqlServerProcess();
  const ferry = await startBenchFerry(ctx.ferryUrl, ctx.secretKey);
  try {
    const syncId = await createSync(ferry.client, {
      sourceType: 'sqlserver',
      warehouse: { server: '127.0.0.1', port: fake.port, database: 'bench', user: 'bench', password: 'bench', encrypt: false },
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
    fake.stop();
  }
}

